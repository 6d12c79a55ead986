package io.glasscache.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that hands a test one or more real memcached servers on free loopback ports.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MemcachedExtension memcached = MemcachedExtension.builder().instances(3).memoryMb(32).build();
 * }</pre>
 *
 * A static field starts the servers once for the class; an instance field starts fresh ones for every test.
 * Servers that a test stopped, killed or froze are brought back (resumed or restarted on the same port) before
 * the next test of the class, and all are stopped by PID afterwards, whether the tests passed or not.
 */
public final class MemcachedExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private final List<MemcachedOptions> options;
    private final List<MemcachedServer> servers = new ArrayList<>();
    private boolean perClass;

    private MemcachedExtension(List<MemcachedOptions> options) {
        this.options = List.copyOf(options);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The first (or only) server. */
    public MemcachedServer server() {
        return servers().get(0);
    }

    public List<MemcachedServer> servers() {
        if (servers.isEmpty()) {
            throw new IllegalStateException("memcached is not started yet: register the extension with "
                    + "@RegisterExtension and use it from a test or a @BeforeEach/@BeforeAll");
        }
        return List.copyOf(servers);
    }

    /** All addresses, comma-separated ({@code 127.0.0.1:p1,127.0.0.1:p2}), as {@code glasscache.memcached.servers}. */
    public String addresses() {
        return servers().stream().map(MemcachedServer::address).collect(Collectors.joining(","));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        startAll();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            startAll();
            return;
        }
        for (MemcachedServer server : servers) { // undo what an earlier test of the class did to a server
            if (server.isFrozen()) {
                server.resume();
            }
            if (!server.isRunning()) {
                server.restart();
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stopAll();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopAll();
    }

    private void startAll() {
        try {
            for (MemcachedOptions instance : options) {
                servers.add(MemcachedServer.start(instance));
            }
        } catch (RuntimeException e) {
            stopAll();
            throw e;
        }
    }

    private void stopAll() {
        RuntimeException first = null;
        for (MemcachedServer server : servers) {
            try {
                server.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        servers.clear();
        if (first != null) {
            throw first;
        }
    }

    public static final class Builder {
        private int instances = 1;
        private int memoryMb = MemcachedOptions.DEFAULTS.memoryMb();
        private int maxConnections = MemcachedOptions.DEFAULTS.maxConnections();
        private List<String> extraArgs = List.of();
        private List<String> listenAddresses = List.of(FreePort.LOOPBACK);
        private int port;

        /** How many independent servers (e.g. 3 for a Ketama ring). */
        public Builder instances(int instances) {
            if (instances < 1) {
                throw new IllegalArgumentException("instances must be >= 1");
            }
            this.instances = instances;
            return this;
        }

        public Builder memoryMb(int memoryMb) {
            this.memoryMb = memoryMb;
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        public Builder extraArgs(String... args) {
            this.extraArgs = Arrays.asList(args);
            return this;
        }

        /**
         * Binds the instances to these loopback addresses, one each (e.g. 127.0.0.2, 127.0.0.3 on Linux),
         * all on one {@link #port(int)}: several servers behind one name, as DNS discovery sees them.
         */
        public Builder listenAddresses(String... addresses) {
            this.listenAddresses = List.of(addresses);
            this.instances = addresses.length;
            return this;
        }

        /** A fixed port; 0 (the default) picks a free one per instance. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public MemcachedExtension build() {
            List<MemcachedOptions> perInstance = new ArrayList<>();
            int shared = port;
            if (listenAddresses.size() > 1 && shared == 0) {
                shared = FreePort.pick(); // one port for all addresses, as behind a headless service
            }
            for (int i = 0; i < instances; i++) {
                String address = listenAddresses.get(Math.min(i, listenAddresses.size() - 1));
                perInstance.add(new MemcachedOptions(memoryMb, maxConnections, extraArgs, address, shared));
            }
            return new MemcachedExtension(perInstance);
        }
    }
}
