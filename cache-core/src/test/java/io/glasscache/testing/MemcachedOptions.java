package io.glasscache.testing;

import java.util.List;

/**
 * How a fixture memcached is started.
 *
 * @param memoryMb       {@code -m}: item memory in megabytes
 * @param maxConnections {@code -c}: simultaneous connections
 * @param extraArgs      further memcached arguments, e.g. {@code -t 2} or {@code -o modern}
 */
public record MemcachedOptions(int memoryMb, int maxConnections, List<String> extraArgs) {

    public static final MemcachedOptions DEFAULTS = new MemcachedOptions(64, 1024, List.of());

    public MemcachedOptions {
        if (memoryMb < 1) {
            throw new IllegalArgumentException("memoryMb must be >= 1: " + memoryMb);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1: " + maxConnections);
        }
        extraArgs = List.copyOf(extraArgs);
    }
}
