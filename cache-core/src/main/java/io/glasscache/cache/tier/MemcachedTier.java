package io.glasscache.cache.tier;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.internal.BulkFuture;
import net.spy.memcached.internal.GetFuture;
import net.spy.memcached.internal.OperationFuture;
import net.spy.memcached.ops.ArrayOperationQueueFactory;

/**
 * A shared memcached L2: one spymemcached client over a Ketama ring, configured for a tight latency budget, behind
 * a Resilience4j circuit breaker. Every operation is asynchronous and bounded by the operation timeout; none throws.
 * A failed operation completes its future with an {@link L2Exception}; while the breaker is open, operations fail
 * at once with {@link L2Exception.Kind#CIRCUIT_OPEN} without touching the network, and half-open probes bring L2
 * back.
 *
 * <p>spymemcached's defaults are replaced: operation timeout 20 ms (not 2.5 s); bounded operation queues that fail
 * at once when full (not unbounded); Ketama consistent hashing (not array-mod); {@link FailureMode#Cancel}, so keys
 * of a dead node miss instead of silently moving to another node; reconnection attempts at most 1 s apart (not
 * 30 s); spymemcached's timeout-exception threshold 3 (not 998; it only counts timeouts of spymemcached's own
 * blocking calls, while this class times its operations out itself, with one sweeper thread); daemon threads.
 * Operation futures complete on spymemcached's I/O thread unless a {@link Builder#callbackExecutor} is given.
 *
 * <p>Thread-safe; share one per process and close it at shutdown. Caches using it do not close it.
 */
public final class MemcachedTier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MemcachedTier.class);

    static {
        // spymemcached logs to stderr unless told otherwise, and prints keys in warnings: redact them.
        if (System.getProperty("net.spy.log.LoggerImpl") == null) {
            System.setProperty("net.spy.log.LoggerImpl", RedactingSpyLogger.class.getName());
        }
    }

    /** memcached reads expirations beyond 30 days as absolute Unix times. */
    static final int MAX_RELATIVE_TTL_SECONDS = 30 * 24 * 3600;

    private final String name;
    private final List<InetSocketAddress> servers;
    private final Duration operationTimeout;
    private final long operationTimeoutNanos;
    private final MemcachedClient client;
    private final CircuitBreaker breaker;
    private final Thread sweeper;
    private final ConcurrentLinkedQueue<Pending<?>> deadlines = new ConcurrentLinkedQueue<>();
    private final ExecutorService listeners;
    private volatile boolean closed;
    private final L2Exception circuitOpen;

    private MemcachedTier(Builder b) {
        this.name = b.name;
        this.servers = List.copyOf(b.servers);
        this.operationTimeout = b.operationTimeout;
        this.operationTimeoutNanos = b.operationTimeout.toNanos();
        this.circuitOpen = new L2Exception(L2Exception.Kind.CIRCUIT_OPEN, "L2 " + name + " circuit open", null);

        CircuitBreakerConfig config = b.circuitBreakerConfig != null ? b.circuitBreakerConfig
                : CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(50)
                        .minimumNumberOfCalls(10)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(b.circuitOpenDuration)
                        .permittedNumberOfCallsInHalfOpenState(5)
                        .build();
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(config);
        this.breaker = breakers.circuitBreaker(name);
        this.breaker.getEventPublisher().onStateTransition(event -> log.warn("L2 {} circuit breaker: {}", name,
                event.getStateTransition()));
        if (b.meterRegistry != null) {
            TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(b.meterRegistry);
        }

        // Every operation has the same timeout, so deadlines come in submission order: one thread sweeps the head
        // of a FIFO queue each tick. No per-operation timer task, no per-operation thread wake-up.
        long tickNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), operationTimeoutNanos / 10);
        this.sweeper = daemon("glasscache-l2-timeouts-" + name).newThread(() -> sweep(tickNanos));
        this.listeners = b.callbackExecutor != null ? b.callbackExecutor : new InlineExecutorService();

        ConnectionFactoryBuilder factory = new ConnectionFactoryBuilder()
                .setProtocol(ConnectionFactoryBuilder.Protocol.TEXT)
                .setLocatorType(ConnectionFactoryBuilder.Locator.CONSISTENT)
                .setHashAlg(DefaultHashAlgorithm.KETAMA_HASH)
                .setFailureMode(FailureMode.Cancel)
                .setOpTimeout(b.operationTimeout.toMillis())
                .setOpQueueFactory(new ArrayOperationQueueFactory(b.maxQueuedOperations))
                .setReadOpQueueFactory(new ArrayOperationQueueFactory(b.maxQueuedOperations))
                .setWriteOpQueueFactory(new ArrayOperationQueueFactory(b.maxQueuedOperations))
                .setOpQueueMaxBlockTime(b.queueMaxBlockTime.toMillis())
                .setTimeoutExceptionThreshold(3)
                .setMaxReconnectDelay(Math.max(1, b.maxReconnectDelay.toSeconds()))
                .setShouldOptimize(false)
                .setUseNagleAlgorithm(false)
                .setDaemon(true)
                .setListenerExecutorService(listeners);
        try {
            this.client = new MemcachedClient(factory.build(), new ArrayList<>(servers));
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("cannot create memcached client for " + serverList(), e);
        }
        sweeper.start();
        log.info("L2 {} on {} (timeout {} ms, Ketama, failure mode cancel)", name, serverList(),
                operationTimeout.toMillis());
    }

    /** A builder with the defaults described on this class, servers {@code 127.0.0.1:11211}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The L2's name: the circuit breaker's name and its {@code name} metric tag. */
    public String name() {
        return name;
    }

    /** The configured servers, comma-separated {@code host:port}. */
    public String serverList() {
        StringBuilder sb = new StringBuilder();
        for (InetSocketAddress a : servers) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(a.getHostString()).append(':').append(a.getPort());
        }
        return sb.toString();
    }

    /** The operation timeout. */
    public Duration operationTimeout() {
        return operationTimeout;
    }

    /** The circuit breaker guarding every operation (for health checks and observers). */
    public CircuitBreaker circuitBreaker() {
        return breaker;
    }

    /** Servers the client is connected to now. */
    public List<String> availableServers() {
        return describe(client.getAvailableServers());
    }

    /** Servers the client is not connected to now. */
    public List<String> unavailableServers() {
        return describe(client.getUnavailableServers());
    }

    /** The value stored under {@code key}, or {@code null}. */
    public CompletableFuture<byte[]> get(String key) {
        Pending<byte[]> pending = start();
        if (pending == null) {
            return CompletableFuture.failedFuture(circuitOpen);
        }
        try {
            GetFuture<byte[]> f = client.asyncGet(key, RawTranscoder.INSTANCE);
            pending.spy = f;
            f.addListener(done -> pending.completeFrom(done));
        } catch (RuntimeException e) {
            pending.fail(L2Exception.Kind.ERROR, e);
        }
        return pending.armTimer();
    }

    /** The values stored under {@code keys} (only keys found), in one multi-get. */
    public CompletableFuture<Map<String, byte[]>> getMulti(Collection<String> keys) {
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        Pending<Map<String, byte[]>> pending = start();
        if (pending == null) {
            return CompletableFuture.failedFuture(circuitOpen);
        }
        try {
            BulkFuture<Map<String, byte[]>> f = client.asyncGetBulk(keys, RawTranscoder.INSTANCE);
            pending.spy = f;
            f.addListener(done -> pending.completeFrom(done));
        } catch (RuntimeException e) {
            pending.fail(L2Exception.Kind.ERROR, e);
        }
        return pending.armTimer();
    }

    /** Stores {@code value} for {@code ttlSeconds} (capped at 30 days); completes with whether it was stored. */
    public CompletableFuture<Boolean> set(String key, int ttlSeconds, byte[] value) {
        return operation(() -> client.set(key, Math.min(ttlSeconds, MAX_RELATIVE_TTL_SECONDS), value,
                RawTranscoder.INSTANCE));
    }

    /** Stores {@code value} only if {@code key} is absent; completes with whether it was stored. */
    public CompletableFuture<Boolean> add(String key, int ttlSeconds, byte[] value) {
        return operation(() -> client.add(key, Math.min(ttlSeconds, MAX_RELATIVE_TTL_SECONDS), value,
                RawTranscoder.INSTANCE));
    }

    /** Deletes {@code key}; completes with whether it existed. */
    public CompletableFuture<Boolean> delete(String key) {
        return operation(() -> client.delete(key));
    }

    /** Increments the decimal counter at {@code key}; completes with the new value, or -1 if absent. */
    public CompletableFuture<Long> increment(String key) {
        return operation(() -> client.asyncIncr(key, 1L));
    }

    /** Reads a decimal counter written by {@link #add} or {@link #increment}; -1 if absent or not a number. */
    public static long parseCounter(byte[] bytes) {
        if (bytes == null) {
            return -1;
        }
        try {
            return Long.parseLong(new String(bytes, StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Shuts the client down (pending operations fail) and stops the L2's threads. */
    @Override
    public void close() {
        closed = true;
        client.shutdown(1, TimeUnit.SECONDS);
        sweeper.interrupt();
        Pending<?> p;
        while ((p = deadlines.poll()) != null) {
            p.fail(L2Exception.Kind.ERROR, null);
        }
    }

    private <T> CompletableFuture<T> operation(java.util.function.Supplier<OperationFuture<T>> submit) {
        Pending<T> pending = start();
        if (pending == null) {
            return CompletableFuture.failedFuture(circuitOpen);
        }
        try {
            OperationFuture<T> f = submit.get();
            pending.spy = f;
            f.addListener(done -> pending.completeFrom(done));
        } catch (RuntimeException e) {
            pending.fail(L2Exception.Kind.ERROR, e);
        }
        return pending.armTimer();
    }

    private <T> Pending<T> start() {
        if (!breaker.tryAcquirePermission()) {
            return null;
        }
        return new Pending<>(System.nanoTime());
    }

    private void sweep(long tickNanos) {
        while (!closed) {
            LockSupport.parkNanos(tickNanos);
            long now = System.nanoTime();
            Pending<?> head;
            while ((head = deadlines.peek()) != null) {
                if (!head.isDone() && now - head.startNanos < operationTimeoutNanos) {
                    break;
                }
                deadlines.poll();
                head.fail(L2Exception.Kind.TIMEOUT, null); // no-op if it completed meanwhile
            }
        }
    }

    private static List<String> describe(Collection<SocketAddress> addresses) {
        List<String> out = new ArrayList<>(addresses.size());
        for (SocketAddress a : addresses) {
            out.add(a instanceof InetSocketAddress i ? i.getHostString() + ":" + i.getPort() : String.valueOf(a));
        }
        return out;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One operation in flight: completed once, by the listener, the timer or a submit failure. */
    private final class Pending<T> extends CompletableFuture<T> {
        final long startNanos;
        volatile Future<?> spy;

        Pending(long startNanos) {
            this.startNanos = startNanos;
        }

        @SuppressWarnings("unchecked")
        void completeFrom(Future<?> done) {
            try {
                succeed((T) done.get());
            } catch (ExecutionException e) {
                fail(L2Exception.Kind.ERROR, e.getCause() != null ? e.getCause() : e);
            } catch (InterruptedException | RuntimeException e) {
                fail(L2Exception.Kind.ERROR, e);
            }
        }

        void succeed(T value) {
            if (complete(value)) {
                breaker.onSuccess(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
            }
        }

        void fail(L2Exception.Kind kind, Throwable cause) {
            if (isDone()) {
                return;
            }
            L2Exception error = new L2Exception(kind, "L2 " + name + " operation " + kind.name().toLowerCase(),
                    cause);
            if (completeExceptionally(error)) {
                breaker.onError(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS, error);
                Future<?> f = spy;
                if (f != null && kind == L2Exception.Kind.TIMEOUT) {
                    f.cancel(false);
                }
            }
        }

        CompletableFuture<T> armTimer() {
            if (!isDone()) {
                deadlines.offer(this);
            }
            return this;
        }
    }

    /** Configures a {@link MemcachedTier}. */
    public static final class Builder {
        private String name = "memcached";
        private List<InetSocketAddress> servers = List.of(new InetSocketAddress("127.0.0.1", 11211));
        private Duration operationTimeout = Duration.ofMillis(20);
        private int maxQueuedOperations = 16_384;
        private Duration queueMaxBlockTime = Duration.ZERO;
        private Duration maxReconnectDelay = Duration.ofSeconds(1);
        private Duration circuitOpenDuration = Duration.ofSeconds(2);
        private CircuitBreakerConfig circuitBreakerConfig;
        private ExecutorService callbackExecutor;
        private MeterRegistry meterRegistry;

        private Builder() {
        }

        /** The L2's name (default {@code memcached}): the circuit breaker name and metric tag. */
        public Builder name(String name) {
            if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new IllegalArgumentException("L2 name must be 1-64 characters of [A-Za-z0-9_.-]");
            }
            this.name = name;
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

        /** Binds the breaker's metrics ({@code resilience4j.circuitbreaker.*}) to {@code registry}. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Creates the client; connections are made in the background, so this succeeds with servers down. */
        public MemcachedTier build() {
            return new MemcachedTier(this);
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
