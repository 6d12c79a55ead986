package io.glasscache.cache;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Ticker;

import io.glasscache.cache.freshness.Entry;
import io.glasscache.cache.freshness.Freshness;
import io.glasscache.cache.l1.CoarseClock;
import io.glasscache.cache.l1.L1;
import io.glasscache.cache.l2.CacheL2;
import io.glasscache.cache.l2.MemcachedClient;
import io.glasscache.cache.source.Flight;
import io.glasscache.cache.source.Flight.Outcome;
import io.glasscache.cache.source.SingleFlight;
import io.glasscache.cache.source.SourceLoader;
import io.glasscache.cache.stats.CacheOperation;
import io.glasscache.cache.stats.ErrorReason;
import io.glasscache.cache.stats.StaleReason;
import io.glasscache.cache.stats.Tier;

/**
 * The {@link TieredCache}: reads go L1 ({@link L1}), then one lookup per key in flight ({@link SingleFlight}) through
 * L2 ({@link CacheL2}) and the source ({@link SourceLoader}), judged by {@link Freshness}. This class only wires
 * them and counts; {@link GetAll} gathers the keys of a {@code getAll}.
 */
final class DefaultTieredCache<K, V> implements TieredCache<K, V> {

    private final String name;
    private final Function<? super K, String> keyToString;
    private final L1<K, V> l1;
    private final CacheL2<V> l2;
    private final Freshness freshness;
    private final SingleFlight<K, V> flights = new SingleFlight<>();
    private final SourceLoader<K, V> source;
    private final FlightResolver<K, V> resolver;
    private final GuardedCacheStats stats;
    private final Clock clock;
    private final Executor executor;
    private final long loadTimeoutNanos;
    /** The system clock: read the coarse clock on the L1-hit path. A test clock is read directly. */
    private final boolean coarse;
    private volatile boolean closed;

    DefaultTieredCache(Builder<K, V> b) {
        this.name = b.name;
        this.keyToString = b.keyToString;
        this.clock = b.clock;
        this.executor = b.executor;
        this.coarse = b.clock == Clock.systemUTC();
        this.loadTimeoutNanos = b.loadTimeout.toNanos();
        MemcachedClient client = b.l2 != null && b.l2Enabled ? b.l2.client() : null;
        this.stats = new GuardedCacheStats(b.stats.tieredCache(name, client == null ? List.of() : client.servers()),
                name);
        this.freshness = new Freshness(b.ttl.toMillis(), b.ttlJitter, b.earlyRefresh, b.earlyRefreshBeta,
                b.staleWhileRevalidate.toMillis(), b.staleIfError.toMillis(), b.l1ExpireAfterWrite.toMillis());
        if (b.l1Enabled) {
            Clock c = clock;
            Ticker ticker = coarse ? CoarseClock::nanos : () -> TimeUnit.MILLISECONDS.toNanos(c.millis());
            this.l1 = new L1<>(b.l1MaximumSize, b.l1MaximumWeight, b.l1Weigher,
                    b.l1ExpireAfterWrite.plus(b.staleIfError), ticker, stats.recordsL1Stats());
            stats.bindL1(l1.caffeine());
        } else {
            this.l1 = null;
        }
        this.l2 = client == null ? null : new CacheL2<>(name, client, b.namespace != null ? b.namespace : name,
                b.versionCheckInterval.toMillis(), b.codec, freshness, stats, clock, this::clearL1);
        Loader<K, V> loader = b.loader;
        BatchLoader<K, V> batchLoader = b.batchLoader;
        this.source = new SourceLoader<>(name, loader == null ? null : loader::load,
                batchLoader == null ? null : batchLoader::loadAll, b.hardTimeout().toNanos(), b.maxConcurrentLoads,
                b.maxBatchSize, freshness, clock, stats, flights, new SourceLoader.Sink<>() {
                    @Override
                    public void loaded(K key, Entry<V> entry) {
                        if (l1 != null) {
                            l1.put(key, entry);
                        }
                    }

                    @Override
                    public void share(K key, Entry<V> entry, CacheOperation op) {
                        if (l2 != null) {
                            try {
                                l2.set(raw(key), entry, op);
                            } catch (RuntimeException ex) { // keyToString threw: the value stays in L1 only
                                stats.recordError(op, ErrorReason.SERIALIZATION_ERROR);
                            }
                        }
                    }

                    @Override
                    public void absent(K key, Entry<V> stale) {
                        if (l1 != null && stale != null) {
                            l1.remove(key, stale);
                        }
                    }
                });
        this.resolver = new FlightResolver<>(l1, l2, flights, source, freshness, stats, clock, this::onExecutor,
                this::raw);
    }

    @Override
    public String name() {
        return name;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public CompletableFuture<V> get(K key) {
        Objects.requireNonNull(key, "key");
        long hitStart = coarse ? CoarseClock.nanos() : System.nanoTime();
        if (closed) {
            stats.recordRequest(CacheOperation.GET);
            return CompletableFuture.failedFuture(new IllegalStateException("cache " + name + " is closed"));
        }
        long now = coarse ? CoarseClock.millis() : clock.millis();
        if (l2 != null) {
            l2.checkVersionIfDue(now);
        }
        Entry<V> stale = null;
        if (l1 != null) {
            Entry<V> e = l1.get(key, now);
            if (e != null) {
                if (now < e.l1Until() && usable(key, e, now, CacheOperation.GET)) {
                    long elapsed = (coarse ? CoarseClock.nanos() : System.nanoTime()) - hitStart;
                    if (elapsed == 0) {
                        stats.recordL1GetHit(); // request + L1 hit + zero latency in one increment
                    } else {
                        stats.recordRequest(CacheOperation.GET);
                        stats.recordHits(CacheOperation.GET, Tier.L1, 1);
                        stats.recordLatency(CacheOperation.GET, Tier.L1, elapsed);
                    }
                    return CompletableFuture.completedFuture(e.value());
                }
                stale = e;
            }
        }
        stats.recordRequest(CacheOperation.GET);
        long start = System.nanoTime();
        Flight<V> flight = lookup(key, stale, CacheOperation.GET);
        Entry<V> held = stale;
        return await(flight.answer(), flight.loading()).handle((outcome, error) -> {
            if (error != null && unwrap(error) instanceof TimeoutException) {
                Entry<V> fallback = timedOut(flight, held, CacheOperation.GET, !flight.answer().isDone());
                if (fallback != null) {
                    outcome = new Outcome<>(fallback, Tier.SOURCE);
                    error = null;
                }
            }
            long nanos = System.nanoTime() - start;
            if (error == null && outcome.tier() != Tier.SOURCE) { // L2, or L1's copy while L2 could not answer
                stats.recordHits(CacheOperation.GET, outcome.tier(), 1);
                stats.recordLatency(CacheOperation.GET, outcome.tier(), nanos);
            } else {
                stats.recordMisses(CacheOperation.GET, 1);
                stats.recordLatency(CacheOperation.GET, Tier.SOURCE, nanos);
            }
            if (error != null) {
                throw new CompletionException(unwrap(error));
            }
            return outcome.entry() == null ? null : outcome.entry().value();
        });
    }

    @Override
    public CompletableFuture<Map<K, V>> getAll(Collection<? extends K> keys) {
        Objects.requireNonNull(keys, "keys");
        long start = System.nanoTime();
        stats.recordRequest(CacheOperation.GET_ALL);
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("cache " + name + " is closed"));
        }
        long now = clock.millis();
        if (l2 != null) {
            l2.checkVersionIfDue(now);
        }
        return new GetAll<>(this, keys, now, start).answer();
    }

    /** The L1 entry of {@code key} if it may answer now (for {@link GetAll}), else {@code null}. */
    Entry<V> l1Answer(Entry<V> e, K key, long now) {
        return e != null && now < e.l1Until() && usable(key, e, now, CacheOperation.GET_ALL) ? e : null;
    }

    /** L1's entry of {@code key}, usable or not; null without an L1. */
    Entry<V> l1Entry(K key, long now) {
        return l1 == null ? null : l1.get(key, now);
    }

    /** The flight of {@code key}: joined (counted as coalesced) or started, with its L2 lookup. */
    private Flight<V> lookup(K key, Entry<V> stale, CacheOperation op) {
        Flight<V> mine = new Flight<>();
        Flight<V> flight = flightOf(key, stale, mine);
        if (flight == mine) {
            resolver.resolve(Map.of(key, mine), stale == null ? Map.of() : Map.of(key, stale), op);
        }
        return flight;
    }

    /**
     * The flight of {@code key}: the one in flight (joined, counted as coalesced), or {@code mine}, which the caller
     * then owns and must {@link #resolve}. {@code stale} is offered to it as a fallback either way.
     */
    Flight<V> flightOf(K key, Entry<V> stale, Flight<V> mine) {
        Flight<V> flight = flights.join(key, mine);
        flight.offerFallback(stale);
        if (flight != mine) {
            stats.recordCoalesced(1);
        }
        return flight;
    }

    /**
     * A reader's wait for {@code answer}: from when {@code loading} completes (its keys went to the source), at most
     * the load timeout, after which the lookup goes on without the reader.
     */
    <T> CompletableFuture<T> await(CompletableFuture<T> answer, CompletableFuture<?> loading) {
        if (answer.isDone()) {
            return answer;
        }
        CompletableFuture<T> mine = new CompletableFuture<>();
        answer.handle((o, t) -> t == null ? mine.complete(o) : mine.completeExceptionally(t));
        loading.thenRun(() -> mine.orTimeout(loadTimeoutNanos, TimeUnit.NANOSECONDS));
        return mine;
    }

    /**
     * A reader of {@code flight} ends with a timeout ({@code ownWait}: its own wait ran out, else the source call's
     * hard deadline): counted, and answered with a stale value within stale-if-error if one is held, else null.
     */
    Entry<V> timedOut(Flight<V> flight, Entry<V> stale, CacheOperation op, boolean ownWait) {
        if (ownWait) {
            stats.recordWaiterTimeout();
        }
        stats.recordError(op, ErrorReason.LOAD_TIMEOUT);
        Entry<V> fallback = freshness.ifError(Freshness.fresher(flight.fallback(), stale), clock.millis());
        if (fallback != null) {
            stats.recordStaleServed(StaleReason.ERROR);
        }
        return fallback;
    }

    /**
     * Whether {@code e} may be served now: fresh (maybe triggering an XFetch early refresh) or within the
     * stale-while-revalidate window (triggering a background refresh).
     */
    private boolean usable(K key, Entry<V> e, long now, CacheOperation op) {
        switch (freshness.judge(e, now)) {
            case FRESH -> {
                return true;
            }
            case FRESH_REFRESH -> {
                if (refresh(key, e, op)) {
                    stats.recordEarlyRefresh();
                }
                return true;
            }
            case STALE_REVALIDATE -> {
                stats.recordStaleServed(StaleReason.REVALIDATE);
                refresh(key, e, op);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * Starts one background load of {@code key} unless a lookup of it is in flight; the value stays in L1 meanwhile.
     * A reader that misses L1 while it runs joins it (and falls back on {@code current} if its wait runs out).
     */
    private boolean refresh(K key, Entry<V> current, CacheOperation op) {
        Flight<V> mine = new Flight<>();
        if (flights.join(key, mine) != mine) {
            return false;
        }
        mine.offerFallback(current);
        onExecutor(() -> source.load(key, mine, op));
        return true;
    }

    /** Resolves flights this cache owns: L2, then the source (see {@link FlightResolver}). */
    void resolve(Map<K, Flight<V>> owned, Map<K, Entry<V>> stale, CacheOperation op) {
        resolver.resolve(owned, stale, op);
    }

    private void onExecutor(Runnable task) {
        try {
            executor.execute(task);
        } catch (RuntimeException rejected) { // a saturated or shut-down executor: load here rather than hang
            task.run();
        }
    }

    private String raw(K key) {
        return String.valueOf(keyToString.apply(key));
    }

    // ---------------------------------------------------------------- writes

    @Override
    public CompletableFuture<Void> put(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        long start = System.nanoTime();
        stats.recordRequest(CacheOperation.PUT);
        Entry<V> e = freshness.loaded(value, clock.millis(), 0);
        if (l1 != null) {
            l1.put(key, e);
        }
        CompletableFuture<Void> l2Done = l2 == null ? CompletableFuture.completedFuture(null)
                : l2.set(raw(key), e, CacheOperation.PUT);
        return l2Done.whenComplete((v, t) -> stats.recordLatency(CacheOperation.PUT, Tier.ALL,
                System.nanoTime() - start));
    }

    @Override
    public CompletableFuture<Void> invalidate(K key) {
        Objects.requireNonNull(key, "key");
        long start = System.nanoTime();
        stats.recordRequest(CacheOperation.INVALIDATE);
        if (l1 != null) {
            l1.invalidate(key);
        }
        CompletableFuture<Void> l2Done = l2 == null ? CompletableFuture.completedFuture(null)
                : l2.delete(raw(key), CacheOperation.INVALIDATE);
        return l2Done.whenComplete((v, t) -> stats.recordLatency(CacheOperation.INVALIDATE, Tier.ALL,
                System.nanoTime() - start));
    }

    @Override
    public CompletableFuture<Void> invalidateAll() {
        long start = System.nanoTime();
        stats.recordRequest(CacheOperation.INVALIDATE_ALL);
        CompletableFuture<Void> l2Done = l2 == null ? CompletableFuture.completedFuture(null) : l2.invalidateAll();
        return l2Done.thenRun(() -> {
            clearL1();
            stats.recordLatency(CacheOperation.INVALIDATE_ALL, Tier.ALL, System.nanoTime() - start);
        });
    }

    private void clearL1() {
        if (l1 != null) {
            l1.invalidateAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (l1 != null) {
            l1.close();
        }
    }

    GuardedCacheStats stats() {
        return stats;
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
