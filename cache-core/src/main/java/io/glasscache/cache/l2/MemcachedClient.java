package io.glasscache.cache.l2;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.FailureMode;
import net.spy.memcached.NodeLocator;
import net.spy.memcached.internal.BulkFuture;
import net.spy.memcached.internal.GetFuture;
import net.spy.memcached.internal.OperationFuture;
import net.spy.memcached.ops.ArrayOperationQueueFactory;

/**
 * One spymemcached client over a Ketama ring, configured for a tight latency budget, behind a Resilience4j circuit
 * breaker. Every operation is asynchronous and bounded by the operation timeout; none throws. A failed operation
 * completes its future with an {@link L2Exception}; while the breaker is open, operations fail at once with
 * {@link L2Exception.Kind#CIRCUIT_OPEN} without touching the network, and half-open probes bring L2 back.
 *
 * <p>spymemcached's defaults are replaced (see {@link Settings}): bounded operation queues that fail at once when
 * full, Ketama consistent hashing, {@link FailureMode#Cancel} (keys of a dead node miss instead of silently moving
 * to another node), reconnection attempts at most {@code maxReconnectDelay} apart, spymemcached's timeout-exception
 * threshold 3 (it only counts timeouts of its own blocking calls: this class times its operations out itself, with
 * one sweeper thread), daemon threads. Outages are reported by {@link L2Availability}, not by spymemcached's own
 * reconnect chatter.
 */
public final class MemcachedClient implements AutoCloseable {

    static {
        // spymemcached logs to stderr unless told otherwise, and prints keys in warnings: redact them.
        if (System.getProperty("net.spy.log.LoggerImpl") == null) {
            System.setProperty("net.spy.log.LoggerImpl", RedactingSpyLogger.class.getName());
        }
    }

    /** memcached reads expirations beyond 30 days as absolute Unix times. */
    static final int MAX_RELATIVE_TTL_SECONDS = 30 * 24 * 3600;

    /**
     * Everything a client is made from.
     *
     * @param callbackExecutor where operation futures complete; {@code null}: inline on spymemcached's I/O thread
     * @param breakerConfig    the breaker's configuration; {@code null}: the default one with {@code circuitOpen}
     */
    public record Settings(String name, List<InetSocketAddress> servers, Duration operationTimeout,
            int maxQueuedOperations, Duration queueMaxBlockTime, Duration maxReconnectDelay, Duration circuitOpen,
            CircuitBreakerConfig breakerConfig, ExecutorService callbackExecutor) {

        public Settings {
            servers = List.copyOf(servers);
        }
    }

    private final String name;
    private final List<InetSocketAddress> servers;
    private final List<String> serverNames;
    private final Duration operationTimeout;
    private final long operationTimeoutNanos;
    private final net.spy.memcached.MemcachedClient client;
    private final NodeLocator locator;
    private final Map<SocketAddress, Integer> serverIndex = new HashMap<>();
    private final CircuitBreakerRegistry breakers;
    private final CircuitBreaker breaker;
    private final L2Availability availability;
    private final Thread sweeper;
    private final ConcurrentLinkedQueue<Pending<?>> deadlines = new ConcurrentLinkedQueue<>();
    private final L2Exception circuitOpen;
    private volatile boolean closed;

    /** Creates the client; connections are made in the background, so this succeeds with servers down. */
    public MemcachedClient(Settings s) {
        this.name = s.name();
        this.servers = s.servers();
        List<String> names = new ArrayList<>();
        for (InetSocketAddress a : servers) {
            names.add(a.getHostString() + ':' + a.getPort());
        }
        this.serverNames = List.copyOf(names);
        this.operationTimeout = s.operationTimeout();
        this.operationTimeoutNanos = operationTimeout.toNanos();
        this.circuitOpen = new L2Exception(L2Exception.Kind.CIRCUIT_OPEN, "L2 " + name + " circuit open", null);
        CircuitBreakerConfig config = s.breakerConfig() != null ? s.breakerConfig()
                : CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(50)
                        .minimumNumberOfCalls(10)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(s.circuitOpen())
                        .permittedNumberOfCallsInHalfOpenState(5)
                        .build();
        this.breakers = CircuitBreakerRegistry.of(config);
        this.breaker = breakers.circuitBreaker(name);
        this.availability = new L2Availability(name);
        breaker.getEventPublisher().onStateTransition(e -> availability.breaker(e.getStateTransition()));

        ConnectionFactoryBuilder factory = new ConnectionFactoryBuilder()
                .setProtocol(ConnectionFactoryBuilder.Protocol.TEXT)
                .setLocatorType(ConnectionFactoryBuilder.Locator.CONSISTENT)
                .setHashAlg(DefaultHashAlgorithm.KETAMA_HASH)
                .setFailureMode(FailureMode.Cancel)
                .setOpTimeout(operationTimeout.toMillis())
                .setOpQueueFactory(new ArrayOperationQueueFactory(s.maxQueuedOperations()))
                .setReadOpQueueFactory(new ArrayOperationQueueFactory(s.maxQueuedOperations()))
                .setWriteOpQueueFactory(new ArrayOperationQueueFactory(s.maxQueuedOperations()))
                .setOpQueueMaxBlockTime(s.queueMaxBlockTime().toMillis())
                .setTimeoutExceptionThreshold(3)
                .setMaxReconnectDelay(Math.max(1, s.maxReconnectDelay().toSeconds()))
                .setShouldOptimize(false)
                .setUseNagleAlgorithm(false)
                .setDaemon(true)
                .setInitialObservers(List.of(availability))
                .setListenerExecutorService(s.callbackExecutor() != null ? s.callbackExecutor()
                        : new InlineExecutorService());
        try {
            this.client = new net.spy.memcached.MemcachedClient(factory.build(), new ArrayList<>(servers));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot create memcached client for " + serverList(), e);
        }
        // A read-only copy of the ring, made once: the client makes a new copy on every getNodeLocator() call.
        this.locator = client.getNodeLocator();
        for (int i = 0; i < servers.size(); i++) {
            serverIndex.put(servers.get(i), i);
        }
        // Every operation has the same timeout, so deadlines come in submission order: one thread sweeps the head
        // of a FIFO queue each tick. No per-operation timer task, no per-operation thread wake-up.
        long tickNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), operationTimeoutNanos / 10);
        this.sweeper = new Thread(() -> sweep(tickNanos), "glasscache-l2-timeouts-" + name);
        sweeper.setDaemon(true);
        sweeper.start();
    }

    public String name() {
        return name;
    }

    /** The configured servers as {@code host:port}, in configuration order: the index {@link #serverIndex} uses. */
    public List<String> servers() {
        return serverNames;
    }

    /** The configured servers, comma-separated {@code host:port}. */
    public String serverList() {
        return String.join(",", serverNames);
    }

    public Duration operationTimeout() {
        return operationTimeout;
    }

    public CircuitBreaker circuitBreaker() {
        return breaker;
    }

    /** The breaker's registry, for metrics binders. */
    public CircuitBreakerRegistry circuitBreakers() {
        return breakers;
    }

    /** Servers the client is connected to now. */
    public List<String> availableServers() {
        return describe(client.getAvailableServers());
    }

    /** Servers the client is not connected to now. */
    public List<String> unavailableServers() {
        return describe(client.getUnavailableServers());
    }

    /** The index (into {@link #servers()}) of the server that holds {@code key} on the Ketama ring. */
    public int serverIndex(String key) {
        if (servers.size() == 1) {
            return 0;
        }
        Integer i = serverIndex.get(locator.getPrimary(key).getSocketAddress());
        return i == null ? 0 : i;
    }

    /** The value stored under {@code key}, or {@code null}. */
    public CompletableFuture<byte[]> get(String key) {
        Pending<byte[]> pending = begin();
        if (pending == null) {
            return CompletableFuture.failedFuture(circuitOpen);
        }
        try {
            GetFuture<byte[]> f = client.asyncGet(key, RawTranscoder.INSTANCE);
            pending.spy = f;
            f.addListener(pending::completeFrom);
        } catch (RuntimeException e) {
            pending.fail(L2Exception.Kind.ERROR, e);
        }
        return arm(pending);
    }

    /** The values stored under {@code keys} (only keys found), in one multi-get. */
    public CompletableFuture<Map<String, byte[]>> getMulti(Collection<String> keys) {
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        Pending<Map<String, byte[]>> pending = begin();
        if (pending == null) {
            return CompletableFuture.failedFuture(circuitOpen);
        }
        try {
            BulkFuture<Map<String, byte[]>> f = client.asyncGetBulk(keys, RawTranscoder.INSTANCE);
            pending.spy = f;
            f.addListener(pending::completeFrom);
        } catch (RuntimeException e) {
            pending.fail(L2Exception.Kind.ERROR, e);
        }
        return arm(pending);
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

    /** Shuts the client down (pending operations fail) and stops the client's threads. */
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

    private <T> CompletableFuture<T> operation(Supplier<OperationFuture<T>> submit) {
        Pending<T> pending = begin();
        if (pending == null) {
            return CompletableFuture.failedFuture(circuitOpen);
        }
        try {
            OperationFuture<T> f = submit.get();
            pending.spy = f;
            f.addListener(pending::completeFrom);
        } catch (RuntimeException e) {
            pending.fail(L2Exception.Kind.ERROR, e);
        }
        return arm(pending);
    }

    /** A new operation if the breaker permits one, else {@code null} (counted as skipped). */
    private <T> Pending<T> begin() {
        if (!breaker.tryAcquirePermission()) {
            availability.failed();
            return null;
        }
        return new Pending<>(System.nanoTime());
    }

    /** Puts {@code pending} on the sweeper's deadline queue unless it is already done. */
    private <T> CompletableFuture<T> arm(Pending<T> pending) {
        if (!pending.isDone()) {
            deadlines.offer(pending);
        }
        return pending;
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
            availability.tick(now, unavailableServersIfDue(now));
        }
    }

    /** Unavailable servers, asked for only when the availability log wants to know (at most once a second). */
    private List<String> unavailableServersIfDue(long now) {
        return availability.wantsServers(now) ? unavailableServers() : null;
    }

    private static List<String> describe(Collection<SocketAddress> addresses) {
        List<String> out = new ArrayList<>(addresses.size());
        for (SocketAddress a : addresses) {
            out.add(a instanceof InetSocketAddress i ? i.getHostString() + ":" + i.getPort() : String.valueOf(a));
        }
        return out;
    }

    /** One operation in flight: completed once, by the listener, the sweeper or a submit failure. */
    private final class Pending<T> extends CompletableFuture<T> {
        final long startNanos;
        volatile Future<?> spy;

        Pending(long startNanos) {
            this.startNanos = startNanos;
        }

        @SuppressWarnings("unchecked")
        void completeFrom(Future<?> done) {
            try {
                if (complete((T) done.get())) {
                    breaker.onSuccess(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
                }
            } catch (ExecutionException e) {
                fail(L2Exception.Kind.ERROR, e.getCause() != null ? e.getCause() : e);
            } catch (InterruptedException | RuntimeException e) {
                fail(L2Exception.Kind.ERROR, e);
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
                availability.failed();
                Future<?> f = spy;
                if (f != null && kind == L2Exception.Kind.TIMEOUT) {
                    f.cancel(false);
                }
            }
        }
    }
}
