package io.glasscache.testing;

import java.util.List;

/**
 * How a fixture memcached is started.
 *
 * @param memoryMb       {@code -m}: item memory in megabytes
 * @param maxConnections {@code -c}: simultaneous connections
 * @param extraArgs      further memcached arguments, e.g. {@code -t 2} or {@code -o modern}
 * @param listenAddress  the loopback address to bind ({@code 127.0.0.1}; any 127/8 address works on Linux,
 *                       which lets several servers share one port, as behind a headless service)
 * @param port           the port to bind, or 0 for a free one
 */
public record MemcachedOptions(int memoryMb, int maxConnections, List<String> extraArgs, String listenAddress,
                               int port) {

    public static final MemcachedOptions DEFAULTS =
            new MemcachedOptions(64, 1024, List.of(), FreePort.LOOPBACK, 0);

    public MemcachedOptions {
        if (memoryMb < 1) {
            throw new IllegalArgumentException("memoryMb must be >= 1: " + memoryMb);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1: " + maxConnections);
        }
        extraArgs = List.copyOf(extraArgs);
        if (!listenAddress.startsWith("127.") && !listenAddress.equals("::1")) {
            throw new IllegalArgumentException("fixtures bind loopback only: " + listenAddress);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
