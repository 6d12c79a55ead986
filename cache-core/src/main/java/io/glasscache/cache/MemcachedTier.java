package io.glasscache.cache;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.glasscache.cache.l2.MemcachedClient;
import io.glasscache.cache.stats.MetricNaming;
import io.glasscache.cache.stats.StatsRecorderFactory;

/**
 * A shared memcached L2: one client over a Ketama ring, configured for a tight latency budget, behind a
 * Resilience4j circuit breaker. Caches use it through {@link TieredCache.Builder#l2}; none of its operations ever
 * fails a read (failures are counted and read as misses). While memcached is down or frozen the breaker opens and
 * reads skip L2 at once; half-open probes bring it back. Outages are logged once, then at most once a minute with a
 * count, and once when they end.
 *
 * <p>spymemcached's defaults are replaced ({@link Defaults}): operation timeout 20 ms (not 2.5 s); bounded operation
 * queues that fail at once when full (not unbounded); Ketama consistent hashing (not array-mod); keys of a dead node
 * miss instead of silently moving to another node; reconnection attempts at most 1 s apart (not 30 s); daemon
 * threads.
 *
 * <p>Thread-safe; share one per process and close it at shutdown. Caches using it do not close it. Construction
 * never blocks: connections are made in the background.
 */
public final class MemcachedTier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MemcachedTier.class);

    /** The defaults of {@link Builder}, the one place they are written. */
    public static final class Defaults {
        public static final String NAME = "memcached";
        public static final String SERVERS = "127.0.0.1:11211";
        public static final Duration OPERATION_TIMEOUT = Duration.ofMillis(20);
        public static final int MAX_QUEUED_OPERATIONS = 16_384;
        public static final Duration QUEUE_MAX_BLOCK_TIME = Duration.ZERO;
        public static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);
        public static final Duration CIRCUIT_OPEN_DURATION = Duration.ofSeconds(2);

        private Defaults() {
        }
    }

    private final MemcachedClient client;

    private MemcachedTier(MemcachedClient client) {
        this.client = client;
    }

    /** A builder with the {@link Defaults}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The L2's name: the circuit breaker's name and its {@code name} metric tag. */
    public String name() {
        return client.name();
    }

    /** The configured servers as {@code host:port}, in configuration order (the {@code server} tag values). */
    public List<String> servers() {
        return client.servers();
    }

    /** The configured servers, comma-separated {@code host:port}. */
    public String serverList() {
        return client.serverList();
    }

    /** The operation timeout. */
    public Duration operationTimeout() {
        return client.operationTimeout();
    }

    /** The circuit breaker guarding every operation (for health checks and observers). */
    public CircuitBreaker circuitBreaker() {
        return client.circuitBreaker();
    }

    /** Servers the client is connected to now. */
    public List<String> availableServers() {
        return client.availableServers();
    }

    /** Servers the client is not connected to now. */
    public List<String> unavailableServers() {
        return client.unavailableServers();
    }

    /** The client the caches use. */
    MemcachedClient client() {
        return client;
    }

    /** Shuts the client down (pending operations fail) and stops its threads. */
    @Override
    public void close() {
        client.close();
    }

    /** Configures a {@link MemcachedTier}. */
    public static final class Builder {
        private String name = Defaults.NAME;
        private List<InetSocketAddress> servers = parseServers(Defaults.SERVERS);
        private Duration operationTimeout = Defaults.OPERATION_TIMEOUT;
        private int maxQueuedOperations = Defaults.MAX_QUEUED_OPERATIONS;
        private Duration queueMaxBlockTime = Defaults.QUEUE_MAX_BLOCK_TIME;
        private Duration maxReconnectDelay = Defaults.MAX_RECONNECT_DELAY;
        private Duration circuitOpenDuration = Defaults.CIRCUIT_OPEN_DURATION;
        private CircuitBreakerConfig circuitBreakerConfig;
        private ExecutorService callbackExecutor;
        private StatsRecorderFactory stats = StatsRecorderFactory.noop();

        private Builder() {
        }

        /** The L2's name (default {@code memcached}): the circuit breaker name and metric tag. */
        public Builder name(String name) {
            this.name = MetricNaming.requireName("L2 name", name);
            return this;
        }

        /** Servers as comma-separated {@code host:port} (IPv6 as {@code [::1]:11211}); default 127.0.0.1:11211. */
        public Builder servers(String commaSeparated) {
            return servers(parseServers(commaSeparated));
        }

        /** Servers of the Ketama ring. */
        public Builder servers(List<InetSocketAddress> servers) {
            if (servers == null || servers.isEmpty()) {
                throw new IllegalArgumentException("at least one memcached server is required");
            }
            this.servers = List.copyOf(servers);
            return this;
        }

        /** Timeout of one operation (default 20 ms). */
        public Builder operationTimeout(Duration timeout) {
            this.operationTimeout = positive("operationTimeout", timeout);
            return this;
        }

        /** Bound of each per-node operation queue (default 16,384). */
        public Builder maxQueuedOperations(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxQueuedOperations must be >= 1");
            }
            this.maxQueuedOperations = max;
            return this;
        }

        /** How long an operation may wait for room in a full queue before failing (default 0: fail at once). */
        public Builder queueMaxBlockTime(Duration time) {
            Objects.requireNonNull(time, "queueMaxBlockTime");
            if (time.isNegative()) {
                throw new IllegalArgumentException("queueMaxBlockTime must be >= 0");
            }
            this.queueMaxBlockTime = time;
            return this;
        }

        /** Longest wait between reconnection attempts (default 1 s; whole seconds). */
        public Builder maxReconnectDelay(Duration delay) {
            this.maxReconnectDelay = positive("maxReconnectDelay", delay);
            return this;
        }

        /**
         * How long the breaker stays open before half-open probes (default 2 s). The breaker opens when at least
         * half of the last 50 calls (at least 10) failed or timed out, and closes after 5 successful probes.
         */
        public Builder circuitOpenDuration(Duration duration) {
            this.circuitOpenDuration = positive("circuitOpenDuration", duration);
            return this;
        }

        /** A complete breaker configuration, replacing the default one and {@link #circuitOpenDuration}. */
        public Builder circuitBreakerConfig(CircuitBreakerConfig config) {
            this.circuitBreakerConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Where operation futures complete. Default: inline on spymemcached's I/O thread, like most asynchronous
         * clients, which saves a thread hop per operation; stages attached to the futures (and to a
         * {@code TieredCache} future answered by L2) then run there and must not block. Give an executor to hop.
         * It is not shut down by {@link MemcachedTier#close()}.
         */
        public Builder callbackExecutor(ExecutorService executor) {
            this.callbackExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Where the breaker's state and calls are reported, e.g. {@code MicrometerStats.of(registry)}. */
        public Builder recordStats(StatsRecorderFactory stats) {
            this.stats = Objects.requireNonNull(stats, "stats");
            return this;
        }

        /** Creates the client; connections are made in the background, so this succeeds with servers down. */
        public MemcachedTier build() {
            MemcachedClient client = new MemcachedClient(new MemcachedClient.Settings(name, servers,
                    operationTimeout, maxQueuedOperations, queueMaxBlockTime, maxReconnectDelay, circuitOpenDuration,
                    circuitBreakerConfig, callbackExecutor));
            try {
                stats.l2CircuitBreakers(client.circuitBreakers());
            } catch (RuntimeException e) { // metrics must not keep the L2 from starting
                log.warn("L2 {}: could not bind the circuit breaker's metrics: {}", name, e.toString());
            }
            log.info("L2 {} on {} (timeout {} ms, Ketama, failure mode cancel)", name, client.serverList(),
                    operationTimeout.toMillis());
            return new MemcachedTier(client);
        }

        static List<InetSocketAddress> parseServers(String commaSeparated) {
            if (commaSeparated == null || commaSeparated.isBlank()) {
                throw new IllegalArgumentException("memcached servers must not be empty");
            }
            List<InetSocketAddress> out = new ArrayList<>();
            for (String part : commaSeparated.split(",")) {
                String s = part.trim();
                if (s.isEmpty()) {
                    continue;
                }
                int colon = s.lastIndexOf(':');
                if (colon <= 0 || colon == s.length() - 1) {
                    throw new IllegalArgumentException("memcached server must be host:port, got: " + s);
                }
                String host = s.substring(0, colon);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                int port;
                try {
                    port = Integer.parseInt(s.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("memcached server port is not a number: " + s, e);
                }
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("memcached server port out of range: " + s);
                }
                out.add(new InetSocketAddress(host, port));
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("memcached servers must not be empty");
            }
            return out;
        }

        private static Duration positive(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be > 0");
            }
            return d;
        }
    }
}
