package io.glasscache.cache.l2;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import net.spy.memcached.ConnectionObserver;

/**
 * Tells operators when L2 is unreachable, without flooding the log: once when a server becomes unreachable (or is
 * found unreachable a second after start) or the circuit breaker opens, then at most once a minute while that lasts
 * with the number of operations that failed or were skipped meanwhile, and once when it is back. spymemcached's own
 * reconnect messages go to DEBUG ({@link RedactingSpyLogger}); the breaker's half-open probes are only counted.
 */
final class L2Availability implements ConnectionObserver {

    private static final Logger log = LoggerFactory.getLogger(L2Availability.class);
    static final long REPORT_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** A fresh client gets this long to connect before a server that has not answered is reported. */
    static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long SERVER_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String name;
    /** Servers reported unreachable, with when (nanoTime) they were found so. */
    private final Map<String, Long> down = new ConcurrentHashMap<>();
    private final LongAdder failed = new LongAdder();
    private final AtomicLong failedProbes = new AtomicLong();
    private volatile long breakerOpenSince = -1;
    private volatile long nextReport = Long.MAX_VALUE;
    private long nextServerCheck; // sweeper thread only

    L2Availability(String name) {
        this(name, System.nanoTime());
    }

    /** For tests: a client started at {@code startNanos}. */
    L2Availability(String name, long startNanos) {
        this.name = name;
        this.nextServerCheck = startNanos + GRACE_NANOS;
    }

    @Override
    public void connectionLost(SocketAddress address) {
        unreachable(describe(address), System.nanoTime());
    }

    @Override
    public void connectionEstablished(SocketAddress address, int reconnectCount) {
        reachable(describe(address), System.nanoTime());
    }

    /** The breaker changed state. */
    void breaker(CircuitBreaker.StateTransition transition) {
        long now = System.nanoTime();
        switch (transition) {
            case CLOSED_TO_OPEN -> {
                breakerOpenSince = now;
                failedProbes.set(0);
                degraded(now);
                log.warn("L2 {}: circuit breaker open: reads skip memcached and go to L1 and the source until "
                        + "probes succeed", name);
            }
            case HALF_OPEN_TO_OPEN -> failedProbes.incrementAndGet();
            case HALF_OPEN_TO_CLOSED -> {
                long since = breakerOpenSince;
                breakerOpenSince = -1;
                log.info("L2 {}: circuit breaker closed again after {} ({} failed probes)", name,
                        since < 0 ? "a while" : Duration.ofNanos(now - since), failedProbes.get());
                settled();
            }
            case OPEN_TO_HALF_OPEN, CLOSED_TO_CLOSED, HALF_OPEN_TO_HALF_OPEN, OPEN_TO_OPEN -> {
                // probing, or no change: counted above, not logged
            }
            default -> log.info("L2 {}: circuit breaker {}", name, transition);
        }
    }

    /** One operation failed or was skipped by the open breaker. */
    void failed() {
        failed.increment();
    }

    /** Whether {@link #tick} wants the list of unreachable servers now (at most once a second). */
    boolean wantsServers(long now) {
        return now - nextServerCheck >= 0;
    }

    /** Called by the client's sweeper thread; {@code unreachable} is null unless {@link #wantsServers} asked. */
    void tick(long now, List<String> unreachable) {
        if (unreachable != null) {
            nextServerCheck = now + SERVER_CHECK_NANOS;
            for (String server : unreachable) {
                unreachable(server, now);
            }
            for (String server : List.copyOf(down.keySet())) {
                if (!unreachable.contains(server)) {
                    reachable(server, now);
                }
            }
        }
        long due = nextReport;
        if (now - due >= 0 && due != Long.MAX_VALUE) {
            nextReport = now + REPORT_NANOS;
            log.warn("L2 {}: still degraded: unreachable {}, circuit breaker {}; {} operations failed or skipped "
                    + "in the last minute", name, down.isEmpty() ? "none" : down.keySet(),
                    breakerOpenSince < 0 ? "closed" : "open", failed.sumThenReset());
        }
    }

    private void unreachable(String server, long now) {
        if (down.putIfAbsent(server, now) == null) {
            degraded(now);
            log.warn("L2 {}: memcached {} unreachable: its keys skip L2 until it is back (reconnecting in the "
                    + "background)", name, server);
        }
    }

    private void reachable(String server, long now) {
        Long since = down.remove(server);
        if (since != null) {
            log.info("L2 {}: memcached {} reachable again after {}", name, server, Duration.ofNanos(now - since));
            settled();
        }
    }

    private void degraded(long now) {
        if (nextReport == Long.MAX_VALUE) {
            failed.reset();
            nextReport = now + REPORT_NANOS;
        }
    }

    private void settled() {
        if (down.isEmpty() && breakerOpenSince < 0) {
            nextReport = Long.MAX_VALUE;
        }
    }

    private static String describe(SocketAddress address) {
        return address instanceof InetSocketAddress a ? a.getHostString() + ':' + a.getPort() : String.valueOf(address);
    }
}
