package io.glasscache.exporter;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.glasscache.exporter.stats.MemcachedAddress;

/**
 * {@code --memcached.discovery=dns://name:port}: every A/AAAA record of the name is one memcached instance on
 * that port, as a Kubernetes headless service publishes its pods.
 */
public record Discovery(String name, int port) {

    public static Discovery parse(String spec) {
        URI uri;
        try {
            uri = new URI(spec);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid discovery '" + spec + "': " + e.getMessage());
        }
        if (!"dns".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1
                || (uri.getPath() != null && !uri.getPath().isEmpty()) || uri.getQuery() != null) {
            throw new IllegalArgumentException("invalid discovery '" + spec + "': expected dns://name:port, e.g. "
                    + "dns://memcached.cache.svc.cluster.local:11211");
        }
        return new Discovery(uri.getHost().toLowerCase(Locale.ROOT), uri.getPort());
    }

    /** The instances, deduplicated, in the resolver's order. */
    List<MemcachedAddress> resolve(TargetResolver resolver) throws UnknownHostException {
        Set<MemcachedAddress> targets = new LinkedHashSet<>();
        for (InetAddress address : resolver.resolve(name)) {
            targets.add(new MemcachedAddress(address.getHostAddress(), port, null));
        }
        return List.copyOf(targets);
    }

    @Override
    public String toString() {
        return "dns://" + name + ":" + port;
    }
}
