package io.glasscache.cache.freshness;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * When a value is fresh, when it is stale but usable, and when to refresh it early: the TTL with its jitter,
 * probabilistic early expiration (XFetch, Vattani et al., VLDB 2015), stale-while-revalidate and stale-if-error.
 * Immutable; the clock is the caller's.
 */
public final class Freshness {

    /** -ln(U) exceeds this with probability e^-40: beyond this horizon XFetch never fires, so skip the math. */
    private static final double XFETCH_HORIZON = 40;

    /** What a read may do with an entry it found. */
    public enum Verdict {
        /** Fresh: serve it. */
        FRESH,
        /** Fresh, but XFetch says refresh it now in the background: serve it and start one refresh. */
        FRESH_REFRESH,
        /** Past freshness within the stale-while-revalidate window: serve it and start one refresh. */
        STALE_REVALIDATE,
        /** Not servable as it is: look further (the entry may still serve if the source fails). */
        EXPIRED
    }

    private final long ttlMillis;
    private final double ttlJitter;
    private final boolean earlyRefresh;
    private final double beta;
    private final long staleWhileRevalidateMillis;
    private final long staleIfErrorMillis;
    private final long maxStaleMillis;
    private final long l1LifetimeMillis;

    public Freshness(long ttlMillis, double ttlJitter, boolean earlyRefresh, double beta,
            long staleWhileRevalidateMillis, long staleIfErrorMillis, long l1LifetimeMillis) {
        this.ttlMillis = ttlMillis;
        this.ttlJitter = ttlJitter;
        this.earlyRefresh = earlyRefresh;
        this.beta = beta;
        this.staleWhileRevalidateMillis = staleWhileRevalidateMillis;
        this.staleIfErrorMillis = staleIfErrorMillis;
        this.maxStaleMillis = Math.max(staleWhileRevalidateMillis, staleIfErrorMillis);
        this.l1LifetimeMillis = l1LifetimeMillis;
    }

    /** A value just loaded at {@code now} by a load that took {@code loadNanos}: fresh for the TTL plus jitter. */
    public <V> Entry<V> loaded(V value, long now, long loadNanos) {
        long jitter = ttlJitter > 0 ? (long) (ttlMillis * ttlJitter * ThreadLocalRandom.current().nextDouble()) : 0;
        long freshUntil = now + ttlMillis + jitter;
        int delta = (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(loadNanos));
        return new Entry<>(value, freshUntil, freshUntil + maxStaleMillis, delta, now + l1LifetimeMillis);
    }

    /** A value read from L2 at {@code now}, with the freshness its writer gave it. */
    public <V> Entry<V> read(V value, long freshUntil, int deltaMillis, long now) {
        return new Entry<>(value, freshUntil, freshUntil + maxStaleMillis, deltaMillis, now + l1LifetimeMillis);
    }

    /** What a read at {@code now} may do with {@code e}. */
    public Verdict judge(Entry<?> e, long now) {
        long remaining = e.freshUntil() - now;
        if (remaining > 0) {
            if (earlyRefresh && e.deltaMillis() > 0) {
                double scaled = e.deltaMillis() * beta;
                if (remaining < scaled * XFETCH_HORIZON
                        && scaled * -Math.log(1.0 - ThreadLocalRandom.current().nextDouble()) >= remaining) {
                    return Verdict.FRESH_REFRESH;
                }
            }
            return Verdict.FRESH;
        }
        return -remaining < staleWhileRevalidateMillis ? Verdict.STALE_REVALIDATE : Verdict.EXPIRED;
    }

    /** {@code stale} if it may still be served at {@code now} because the source failed, else {@code null}. */
    public <V> Entry<V> ifError(Entry<V> stale, long now) {
        return stale != null && now < stale.freshUntil() + staleIfErrorMillis ? stale : null;
    }

    /**
     * Whether L1's copy answers when L2 could not (an error, a timeout, its breaker open): the copy is past its L1
     * lifetime, which only bounds how long an instance may miss another's invalidation in L2, and it is still fresh
     * by its TTL. Asking the source instead would send every such key there at once, exactly while L2 is down.
     */
    public static boolean servesL1Copy(Entry<?> copy, long now) {
        return copy != null && now < copy.freshUntil();
    }

    /** Whichever of {@code a} and {@code b} stays fresh longer; either may be null. */
    public static <V> Entry<V> fresher(Entry<V> a, Entry<V> b) {
        if (a == null) {
            return b;
        }
        return b == null || a.freshUntil() >= b.freshUntil() ? a : b;
    }

    /** Seconds a value written at {@code now} should live in L2: until it is past every stale window. */
    public static int l2TtlSeconds(Entry<?> e, long now) {
        long seconds = Math.max(1, (e.hardUntil() - now + 999) / 1000);
        return (int) Math.min(Integer.MAX_VALUE, seconds);
    }
}
