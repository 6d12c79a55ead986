package io.glasscache.cache;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Weigher;

import io.glasscache.cache.micrometer.MicrometerCacheStats;
import io.glasscache.cache.stats.CacheOperation;
import io.glasscache.cache.stats.CacheStatsRecorder;
import io.glasscache.cache.stats.ErrorReason;
import io.glasscache.cache.stats.L2Operation;
import io.glasscache.cache.stats.LoadResult;
import io.glasscache.cache.stats.StaleReason;
import io.glasscache.cache.stats.Tier;
import io.glasscache.cache.tier.L2Exception;
import io.glasscache.cache.tier.MemcachedTier;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/** The {@link TieredCache} implementation; see there for the behaviour. */
final class DefaultTieredCache<K, V> implements TieredCache<K, V> {

    private static final Logger log = LoggerFactory.getLogger(DefaultTieredCache.class);

    /** -ln(U) exceeds this with probability e^-40: beyond this horizon XFetch never fires, so skip the math. */
    private static final double XFETCH_HORIZON = 40;

    /** A value and its freshness, in both tiers. Times are epoch millis from the cache's clock. */
    record Entry<V>(V value, long freshUntil, long hardUntil, int deltaMillis, long l1Until) {
    }

    /** How one key was answered: {@code entry} is null when the source has no value. */
    record Outcome<V>(Entry<V> entry, Tier tier) {
    }

    /** A key on its way to the source: what to fall back to, who asked, whom to answer, since when (nanoTime). */
    record PendingLoad<K, V>(K key, Entry<V> stale, CacheOperation op, CompletableFuture<Outcome<V>> flight,
            long queuedAt) {
    }

    private final String name;
    private final java.util.function.Function<? super K, String> keyToString;
    private final ValueCodec<V> codec;
    private final int schemaId;
    private final Loader<K, V> loader;
    private final BatchLoader<K, V> batchLoader;
    private final Cache<K, Entry<V>> l1;
    private final MemcachedTier l2;
    private final String namespace;
    private final String versionKey;
    private final long versionCheckMillis;
    private final long ttlMillis;
    private final double ttlJitter;
    private final long loadTimeoutNanos;
    private final boolean earlyRefresh;
    private final double beta;
    private final long staleWhileRevalidateMillis;
    private final long staleIfErrorMillis;
    private final long maxStaleMillis;
    private final long l1LifetimeMillis;
    private final CacheStatsRecorder stats;
    private final Clock clock;
    private final java.util.concurrent.Executor executor;
    /** Bounds concurrent source calls and batches what waits ({@link Builder#batchWhileBusy}); null: unbounded. */
    private final LoadSlots<PendingLoad<K, V>> loadSlots;
    /** The system clock: read the coarse clock on the L1-hit path. A test clock is read directly. */
    private final boolean coarse;

    private final ConcurrentHashMap<K, CompletableFuture<Outcome<V>>> inflight = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<K, Boolean> refreshing = new ConcurrentHashMap<>();
    private final AtomicBoolean versionCheckRunning = new AtomicBoolean();
    private volatile long version;
    private volatile long nextVersionCheck;
    private volatile boolean closed;

    DefaultTieredCache(Builder<K, V> b) {
        this.name = b.name;
        this.keyToString = b.keyToString;
        this.codec = b.codec;
        this.schemaId = b.codec instanceof KryoCodec<?> kryo ? kryo.schemaId() : 0;
        this.loader = b.loader;
        this.batchLoader = b.batchLoader;
        this.clock = b.clock;
        this.executor = b.executor;
        this.coarse = b.clock == Clock.systemUTC();
        this.ttlMillis = b.ttl.toMillis();
        this.ttlJitter = b.ttlJitter;
        this.loadTimeoutNanos = b.loadTimeout.toNanos();
        this.earlyRefresh = b.earlyRefresh;
        this.beta = b.earlyRefreshBeta;
        this.staleWhileRevalidateMillis = b.staleWhileRevalidate.toMillis();
        this.staleIfErrorMillis = b.staleIfError.toMillis();
        this.maxStaleMillis = Math.max(staleWhileRevalidateMillis, staleIfErrorMillis);
        this.l1LifetimeMillis = b.l1ExpireAfterWrite.toMillis();
        this.loadSlots = b.maxConcurrentLoads > 0 ? new LoadSlots<>(b.maxConcurrentLoads, b.maxBatchSize,
                this::loadBatch) : null;
        this.namespace = b.namespace != null ? b.namespace : b.name;
        this.versionKey = L2Keys.versionKey(namespace);
        this.versionCheckMillis = b.versionCheckInterval.toMillis();
        this.l2 = b.l2Enabled ? b.l2 : null;
        if (b.statsRecorder != null) {
            this.stats = b.statsRecorder;
        } else if (b.meterRegistry != null) {
            this.stats = new MicrometerCacheStats(b.meterRegistry, b.metricsPrefix, name);
        } else {
            this.stats = CacheStatsRecorder.noop();
        }
        this.l1 = b.l1Enabled ? buildL1(b) : null;
        if (l1 != null && b.meterRegistry != null) {
            CaffeineCacheMetrics.monitor(b.meterRegistry, l1, name);
        }
        if (l2 != null) {
            nextVersionCheck = clock.millis() + versionCheckMillis;
            try { // learn the namespace version before the first read; L2 down: start at 0, adopt it later
                syncVersion().get(l2.operationTimeout().toMillis() * 4 + 100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                log.warn("cache {}: L2 namespace version unknown at start ({}); will retry", name,
                        e.getClass().getSimpleName());
            }
        }
    }

    private Cache<K, Entry<V>> buildL1(Builder<K, V> b) {
        Caffeine<Object, Object> caffeine = Caffeine.newBuilder();
        if (b.l1MaximumWeight >= 0) {
            Weigher<? super K, ? super V> weigher = b.l1Weigher;
            caffeine.maximumWeight(b.l1MaximumWeight);
            caffeine.weigher((Object k, Object e) -> {
                @SuppressWarnings("unchecked")
                Entry<V> entry = (Entry<V>) e;
                @SuppressWarnings("unchecked")
                K key = (K) k;
                return weigher.weigh(key, entry.value());
            });
        } else {
            caffeine.maximumSize(b.l1MaximumSize);
        }
        Clock c = clock;
        if (c != Clock.systemUTC()) {
            caffeine.ticker(() -> TimeUnit.MILLISECONDS.toNanos(c.millis()));
        } else {
            // Caffeine reads its ticker on every read and write to check expiry; System.nanoTime per lookup was a
            // visible share of a 300-key getAll. Expiry in minutes needs no finer than the coarse clock's 1 ms.
            caffeine.ticker(CoarseClock::nanos);
        }
        if (b.meterRegistry != null) {
            caffeine.recordStats();
        }
        // Fixed expiry, not a per-entry Expiry: Caffeine's variable expiration costs hundreds of ns per read
        // (timer-wheel maintenance). Entries past every stale window are ignored on read instead (see l1Get).
        // An entry outlives its L1 lifetime by the stale-if-error window: past the lifetime it is read through L2
        // again, but it is still there to serve when L2 cannot answer (see fetchOne).
        return caffeine.expireAfterWrite(b.l1ExpireAfterWrite.plus(b.staleIfError)).build();
    }

    /** The L1 entry for {@code key}, unless it is past every stale window (it then leaves L1). */
    private Entry<V> l1Get(K key, long now) {
        Entry<V> e = l1.getIfPresent(key);
        if (e != null && now >= e.hardUntil()) {
            l1.asMap().remove(key, e);
            return null;
        }
        return e;
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
        checkVersionIfDue(now);
        Entry<V> stale = null;
        if (l1 != null) {
            Entry<V> e = l1Get(key, now);
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
        CompletableFuture<Outcome<V>> flight = inflight.get(key);
        if (flight != null) {
            stats.recordCoalesced(1);
        } else {
            CompletableFuture<Outcome<V>> mine = new CompletableFuture<>();
            flight = inflight.putIfAbsent(key, mine);
            if (flight != null) {
                stats.recordCoalesced(1);
            } else {
                flight = mine;
                whenDone(mine, (o, t) -> inflight.remove(key, mine));
                fetchOne(key, stale, CacheOperation.GET, mine);
            }
        }
        return flight.handle((outcome, error) -> {
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
        checkVersionIfDue(now);
        // One map on the all-L1 path (the hot one): the answer itself, in key order, duplicates dropped.
        Map<K, V> fromL1 = new LinkedHashMap<>(Math.max(16, keys.size() * 4 / 3 + 1));
        Set<K> missing = null;
        Map<K, Entry<V>> stale = null;
        for (K key : keys) {
            Objects.requireNonNull(key, "key");
            if (missing != null && missing.contains(key)) {
                continue; // a repeated key already missed: it stays a miss, answered once
            }
            Entry<V> e = l1 == null ? null : l1Get(key, now);
            if (e != null && now < e.l1Until() && usable(key, e, now, CacheOperation.GET_ALL)) {
                fromL1.put(key, e.value()); // a repeated key is put again in place: no lookup before the put
            } else if (!fromL1.containsKey(key)) { // checked only on a miss: a repeat that hit the first time stays
                if (missing == null) {
                    missing = new LinkedHashSet<>();
                    stale = new HashMap<>();
                }
                missing.add(key);
                if (e != null) {
                    stale.put(key, e);
                }
            }
        }
        if (missing == null) {
            stats.recordHits(CacheOperation.GET_ALL, Tier.L1, fromL1.size());
            stats.recordLatency(CacheOperation.GET_ALL, Tier.L1, System.nanoTime() - start);
            return CompletableFuture.completedFuture(fromL1);
        }
        List<K> order = List.copyOf(keys); // the caller may reuse its collection before the misses are answered
        Map<K, CompletableFuture<Outcome<V>>> flights = new LinkedHashMap<>();
        Map<K, CompletableFuture<Outcome<V>>> owned = new LinkedHashMap<>();
        int coalesced = 0;
        for (K key : missing) {
            CompletableFuture<Outcome<V>> flight = inflight.get(key);
            if (flight == null) {
                CompletableFuture<Outcome<V>> mine = new CompletableFuture<>();
                flight = inflight.putIfAbsent(key, mine);
                if (flight == null) {
                    flight = mine;
                    whenDone(mine, (o, t) -> inflight.remove(key, mine));
                    owned.put(key, mine);
                } else {
                    coalesced++;
                }
            } else {
                coalesced++;
            }
            flights.put(key, flight);
        }
        stats.recordCoalesced(coalesced);
        if (owned.size() == 1) {
            Map.Entry<K, CompletableFuture<Outcome<V>>> only = owned.entrySet().iterator().next();
            fetchOne(only.getKey(), stale.get(only.getKey()), CacheOperation.GET_ALL, only.getValue());
        } else if (!owned.isEmpty()) {
            fetchMany(owned, stale, CacheOperation.GET_ALL);
        }
        // Gathered by one handle per flight, not allOf + join: allOf and join wrap each failed flight's error in a
        // new CompletionException (a stack trace each), which with a failing source cost more than the request.
        CompletableFuture<Map<K, V>> answer = new CompletableFuture<>();
        Throwable[] errors = new Throwable[flights.size()]; // in key order: the first failure in it is reported
        AtomicInteger pending = new AtomicInteger(errors.length);
        int i = 0;
        for (CompletableFuture<Outcome<V>> flight : flights.values()) {
            int slot = i++;
            flight.handle((outcome, error) -> {
                errors[slot] = error;
                if (pending.decrementAndGet() == 0) { // the last one sees every slot written (atomic decrements)
                    completeGetAll(answer, order, fromL1, flights, errors, start);
                }
                return null;
            });
        }
        return answer;
    }

    /** Called once every flight is done: a flight that did not fail is read with getNow, which cannot throw. */
    private void completeGetAll(CompletableFuture<Map<K, V>> answer, List<K> order, Map<K, V> fromL1,
            Map<K, CompletableFuture<Outcome<V>>> flights, Throwable[] errors, long start) {
        try {
            Map<K, V> loaded = new HashMap<>();
            int l1Copies = 0;
            int l2Hits = 0;
            int misses = 0;
            Throwable failure = null;
            int i = 0;
            for (Map.Entry<K, CompletableFuture<Outcome<V>>> f : flights.entrySet()) {
                Throwable error = errors[i++];
                if (error != null) {
                    misses++;
                    failure = failure == null ? unwrap(error) : failure;
                    continue;
                }
                Outcome<V> outcome = f.getValue().getNow(null);
                if (outcome.tier() == Tier.L2) {
                    l2Hits++;
                } else if (outcome.tier() == Tier.L1) {
                    l1Copies++;
                } else {
                    misses++;
                }
                if (outcome.entry() != null) {
                    loaded.put(f.getKey(), outcome.entry().value());
                }
            }
            stats.recordHits(CacheOperation.GET_ALL, Tier.L1, fromL1.size() + l1Copies);
            stats.recordHits(CacheOperation.GET_ALL, Tier.L2, l2Hits);
            stats.recordMisses(CacheOperation.GET_ALL, misses);
            stats.recordLatency(CacheOperation.GET_ALL, misses > 0 ? Tier.SOURCE : Tier.L2,
                    System.nanoTime() - start);
            if (failure != null) {
                answer.completeExceptionally(new CompletionException(failure)); // one per call, as from get
            } else {
                answer.complete(ordered(order, fromL1, loaded));
            }
        } catch (Throwable t) { // a stats recorder threw: still answer
            answer.completeExceptionally(t);
        }
    }

    /**
     * The values found in L1 or loaded, in the order of {@code keys} (which may repeat a key: its first place
     * counts).
     */
    private static <K, V> Map<K, V> ordered(List<K> keys, Map<K, V> fromL1, Map<K, V> loaded) {
        Map<K, V> out = new LinkedHashMap<>(Math.max(16, (fromL1.size() + loaded.size()) * 4 / 3 + 1));
        for (K key : keys) {
            V v = fromL1.get(key);
            if (v == null) {
                v = loaded.get(key);
            }
            if (v != null) {
                out.put(key, v);
            }
        }
        return out;
    }

    /**
     * Whether {@code e} may be served now: fresh (maybe triggering an XFetch early refresh) or within the
     * stale-while-revalidate window (triggering a background refresh).
     */
    private boolean usable(K key, Entry<V> e, long now, CacheOperation op) {
        long remaining = e.freshUntil() - now;
        if (remaining > 0) {
            if (earlyRefresh && e.deltaMillis() > 0) {
                double scaled = e.deltaMillis() * beta;
                if (remaining < scaled * XFETCH_HORIZON
                        && scaled * -Math.log(1.0 - ThreadLocalRandom.current().nextDouble()) >= remaining
                        && startRefresh(key, op)) {
                    stats.recordEarlyRefresh();
                }
            }
            return true;
        }
        if (-remaining < staleWhileRevalidateMillis) {
            stats.recordStaleServed(StaleReason.REVALIDATE);
            startRefresh(key, op);
            return true;
        }
        return false;
    }

    /** Starts one background load of {@code key} unless one is running; the stale value stays meanwhile. */
    private boolean startRefresh(K key, CacheOperation op) {
        if (refreshing.putIfAbsent(key, Boolean.TRUE) != null) {
            return false;
        }
        CompletableFuture<Outcome<V>> done = new CompletableFuture<>();
        whenDone(done, (o, t) -> refreshing.remove(key));
        try {
            executor.execute(() -> loadOne(key, null, op, done));
        } catch (RuntimeException rejected) {
            done.completeExceptionally(rejected);
        }
        return true;
    }

    /** Resolves one owned flight: L2, then the source. */
    private void fetchOne(K key, Entry<V> stale, CacheOperation op, CompletableFuture<Outcome<V>> flight) {
        if (l2 == null) {
            loadOne(key, stale, op, flight);
            return;
        }
        String l2Key;
        try {
            l2Key = l2Key(key);
        } catch (RuntimeException e) {
            flight.completeExceptionally(e);
            return;
        }
        whenDone(l2Get(l2Key, op), (bytes, ignored) -> {
            long now = clock.millis();
            if (bytes == L2_FAILED && servesL1Copy(stale, now)) {
                flight.complete(new Outcome<>(stale, Tier.L1));
                return;
            }
            Entry<V> e = decode(l2Key, bytes == L2_FAILED ? null : bytes, op, now);
            Entry<V> fallback = stale;
            if (e != null) {
                if (usable(key, e, now, op)) {
                    if (l1 != null) {
                        l1.put(key, e);
                    }
                    flight.complete(new Outcome<>(e, Tier.L2));
                    return;
                }
                if (fallback == null || e.freshUntil() > fallback.freshUntil()) {
                    fallback = e;
                }
            }
            Entry<V> best = fallback;
            onExecutor(() -> loadOne(key, best, op, flight)); // off the L2 I/O thread
        });
    }

    /** Resolves several owned flights: one L2 multi-get, then one batch load. */
    private void fetchMany(Map<K, CompletableFuture<Outcome<V>>> flights, Map<K, Entry<V>> stale,
            CacheOperation op) {
        if (l2 == null) {
            loadMany(flights, stale, op);
            return;
        }
        Map<String, K> byL2Key = new LinkedHashMap<>(flights.size() * 2);
        try {
            for (K key : flights.keySet()) {
                byL2Key.put(l2Key(key), key);
            }
        } catch (RuntimeException e) {
            flights.values().forEach(f -> f.completeExceptionally(e));
            return;
        }
        whenDone(l2GetMulti(byL2Key.keySet(), op), (found, ignored) -> {
            long now = clock.millis();
            Map<K, CompletableFuture<Outcome<V>>> remaining = new LinkedHashMap<>();
            Map<K, Entry<V>> fallbacks = new HashMap<>(stale);
            boolean l2Failed = found == L2_MULTI_FAILED;
            for (Map.Entry<String, K> k : byL2Key.entrySet()) {
                K key = k.getValue();
                if (l2Failed) {
                    Entry<V> copy = stale.get(key);
                    if (servesL1Copy(copy, now)) {
                        flights.get(key).complete(new Outcome<>(copy, Tier.L1));
                    } else {
                        remaining.put(key, flights.get(key));
                    }
                    continue;
                }
                Entry<V> e = decode(k.getKey(), found.get(k.getKey()), op, now);
                if (e != null && usable(key, e, now, op)) {
                    if (l1 != null) {
                        l1.put(key, e);
                    }
                    flights.get(key).complete(new Outcome<>(e, Tier.L2));
                    continue;
                }
                if (e != null) {
                    Entry<V> s = fallbacks.get(key);
                    if (s == null || e.freshUntil() > s.freshUntil()) {
                        fallbacks.put(key, e);
                    }
                }
                remaining.put(key, flights.get(key));
            }
            if (!remaining.isEmpty()) {
                onExecutor(() -> loadMany(remaining, fallbacks, op)); // off the L2 I/O thread
            }
        });
    }

    /**
     * Whether L1's copy answers when L2 could not (an error, a timeout, its breaker open): the copy is past its L1
     * lifetime, which only bounds how long an instance may miss another's invalidation in L2, and it is still fresh
     * by its TTL. Asking the source instead would send every such key there at once, exactly while L2 is down.
     */
    private static boolean servesL1Copy(Entry<?> copy, long now) {
        return copy != null && now < copy.freshUntil();
    }

    private void onExecutor(Runnable task) {
        try {
            executor.execute(task);
        } catch (RuntimeException rejected) { // a saturated or shut-down executor: load here rather than hang
            task.run();
        }
    }

    /**
     * {@code future.whenComplete(action)} for an action whose stage nobody uses. whenComplete's stage wraps a
     * failure in a new CompletionException, a stack trace per failed key (with a failing source, more than the
     * rest of a request); handle's stage completes normally.
     */
    private static <T> void whenDone(CompletableFuture<T> future, BiConsumer<? super T, ? super Throwable> action) {
        future.handle((value, error) -> {
            action.accept(value, error);
            return null;
        });
    }

    /** Loads one key from the source (timeout on this shared load) and completes {@code flight}. */
    private void loadOne(K key, Entry<V> stale, CacheOperation op, CompletableFuture<Outcome<V>> flight) {
        if (loadSlots != null) {
            loadSlots.submit(List.of(new PendingLoad<>(key, stale, op, flight, System.nanoTime())));
            return;
        }
        long start = System.nanoTime();
        CompletableFuture<V> call;
        try {
            CompletionStage<V> stage = loader != null ? loader.load(key)
                    : batchLoader.loadAll(Set.of(key)).thenApply(m -> m == null ? null : m.get(key));
            call = Objects.requireNonNull(stage, "loader returned a null future").toCompletableFuture();
        } catch (Throwable t) {
            call = CompletableFuture.failedFuture(t);
        }
        whenDone(withTimeout(call), (value, error) -> {
            long nanos = System.nanoTime() - start;
            if (error == null) {
                if (value == null) {
                    stats.recordLoads(LoadResult.NOT_FOUND, 1);
                    stats.recordLoadLatency(LoadResult.NOT_FOUND, nanos);
                    if (stale != null && l1 != null) {
                        l1.asMap().remove(key, stale);
                    }
                    flight.complete(new Outcome<>(null, Tier.SOURCE));
                    return;
                }
                stats.recordLoads(LoadResult.SUCCESS, 1);
                stats.recordLoadLatency(LoadResult.SUCCESS, nanos);
                Entry<V> e = newEntry(value, nanos);
                store(key, e, op);
                flight.complete(new Outcome<>(e, Tier.SOURCE));
                return;
            }
            failLoads(List.of(new PendingLoad<>(key, stale, op, flight, start)), error, nanos);
            log.debug("cache {}: load of key {} failed", name, key, unwrap(error));
        });
    }

    /** Loads several keys in one batch call (or key by key without a batch loader). */
    private void loadMany(Map<K, CompletableFuture<Outcome<V>>> flights, Map<K, Entry<V>> stale, CacheOperation op) {
        if (batchLoader == null) {
            flights.forEach((key, flight) -> loadOne(key, stale.get(key), op, flight));
            return;
        }
        long queuedAt = System.nanoTime();
        List<PendingLoad<K, V>> batch = new ArrayList<>(flights.size());
        flights.forEach((key, flight) -> batch.add(new PendingLoad<>(key, stale.get(key), op, flight, queuedAt)));
        if (loadSlots != null) {
            loadSlots.submit(batch);
        } else {
            loadBatch(batch);
        }
    }

    /**
     * One batch call for {@code batch}; returns when the call is over, either way (so that its load slot is free).
     * Keys that waited longer than the load timeout for a slot fail as load timeouts instead of joining it.
     */
    private CompletableFuture<?> loadBatch(List<PendingLoad<K, V>> batch) {
        long start = System.nanoTime();
        List<PendingLoad<K, V>> loading = loadSlots == null ? batch : notExpired(batch, start);
        if (loading.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Set<K> keys = new LinkedHashSet<>(loading.size() * 2);
        for (PendingLoad<K, V> p : loading) {
            keys.add(p.key());
        }
        CompletableFuture<Map<K, V>> call;
        try {
            call = Objects.requireNonNull(batchLoader.loadAll(Collections.unmodifiableSet(keys)),
                    "batch loader returned a null future").toCompletableFuture();
        } catch (Throwable t) {
            call = CompletableFuture.failedFuture(t);
        }
        CompletableFuture<Map<K, V>> timed = withTimeout(call);
        whenDone(timed, (values, error) -> {
            long nanos = System.nanoTime() - start;
            if (error != null) {
                failLoads(loading, error, nanos);
                return;
            }
            int loaded = 0;
            for (PendingLoad<K, V> p : loading) {
                V value = values == null ? null : values.get(p.key());
                if (value == null) {
                    p.flight().complete(new Outcome<>(null, Tier.SOURCE));
                    continue;
                }
                loaded++;
                Entry<V> e = newEntry(value, nanos);
                store(p.key(), e, p.op());
                p.flight().complete(new Outcome<>(e, Tier.SOURCE));
            }
            stats.recordLoads(LoadResult.SUCCESS, loaded);
            stats.recordLoads(LoadResult.NOT_FOUND, loading.size() - loaded);
            stats.recordLoadLatency(LoadResult.SUCCESS, nanos);
        });
        return timed;
    }

    /** Records each key's wait for a slot, fails those that waited over the load timeout and returns the rest. */
    private List<PendingLoad<K, V>> notExpired(List<PendingLoad<K, V>> batch, long now) {
        List<PendingLoad<K, V>> due = new ArrayList<>(batch.size());
        List<PendingLoad<K, V>> expired = null;
        for (PendingLoad<K, V> p : batch) {
            long waited = now - p.queuedAt();
            stats.recordLoadWait(waited);
            if (waited > loadTimeoutNanos) {
                expired = expired == null ? new ArrayList<>() : expired;
                expired.add(p);
            } else {
                due.add(p);
            }
        }
        if (expired != null) {
            failLoads(expired, new TimeoutException("cache " + name + ": no load slot within the load timeout"), -1);
        }
        return due;
    }

    /**
     * Fails every load of {@code loads} with {@code error}, or serves its stale value if within stale-if-error.
     * {@code callNanos} is the failed call's latency, or negative when the keys never reached the source.
     */
    private void failLoads(List<PendingLoad<K, V>> loads, Throwable error, long callNanos) {
        Throwable cause = unwrap(error);
        boolean timeout = cause instanceof TimeoutException;
        LoadResult result = timeout ? LoadResult.TIMEOUT : LoadResult.FAILURE;
        stats.recordLoads(result, loads.size());
        if (callNanos >= 0) {
            stats.recordLoadLatency(result, callNanos);
        }
        EnumSet<CacheOperation> ops = EnumSet.noneOf(CacheOperation.class);
        for (PendingLoad<K, V> p : loads) {
            if (ops.add(p.op())) { // one error per operation whose keys failed
                stats.recordError(p.op(), timeout ? ErrorReason.LOAD_TIMEOUT : ErrorReason.LOAD_FAILURE);
            }
        }
        for (PendingLoad<K, V> p : loads) {
            Entry<V> fallback = staleIfError(p.stale());
            if (fallback != null) {
                stats.recordStaleServed(StaleReason.ERROR);
                p.flight().complete(new Outcome<>(fallback, Tier.SOURCE));
            } else {
                p.flight().completeExceptionally(cause);
            }
        }
    }

    private Entry<V> staleIfError(Entry<V> stale) {
        if (stale != null && clock.millis() < stale.freshUntil() + staleIfErrorMillis) {
            return stale;
        }
        return null;
    }

    private <T> CompletableFuture<T> withTimeout(CompletableFuture<T> call) {
        CompletableFuture<T> shared = new CompletableFuture<>();
        whenDone(call, (v, t) -> {
            if (t != null) {
                shared.completeExceptionally(t);
            } else {
                shared.complete(v);
            }
        });
        return shared.orTimeout(loadTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    private Entry<V> newEntry(V value, long loadNanos) {
        long now = clock.millis();
        long jitter = ttlJitter > 0 ? (long) (ttlMillis * ttlJitter * ThreadLocalRandom.current().nextDouble()) : 0;
        long freshUntil = now + ttlMillis + jitter;
        int delta = (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(loadNanos));
        return new Entry<>(value, freshUntil, freshUntil + maxStaleMillis, delta, now + l1LifetimeMillis);
    }

    /** Fills L1 now and L2 in the background. */
    private void store(K key, Entry<V> e, CacheOperation op) {
        if (l1 != null) {
            l1.put(key, e);
        }
        if (l2 != null) {
            try {
                l2Set(l2Key(key), e, op);
            } catch (RuntimeException ex) {
                stats.recordError(op, ErrorReason.SERIALIZATION_ERROR);
            }
        }
    }

    // ---------------------------------------------------------------- writes

    @Override
    public CompletableFuture<Void> put(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        long start = System.nanoTime();
        stats.recordRequest(CacheOperation.PUT);
        Entry<V> e = newEntry(value, 0);
        if (l1 != null) {
            l1.put(key, e);
        }
        CompletableFuture<Void> l2Done = l2 == null ? CompletableFuture.completedFuture(null)
                : l2Set(l2Key(key), e, CacheOperation.PUT);
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
                : l2Delete(l2Key(key), CacheOperation.INVALIDATE);
        return l2Done.whenComplete((v, t) -> stats.recordLatency(CacheOperation.INVALIDATE, Tier.ALL,
                System.nanoTime() - start));
    }

    @Override
    public CompletableFuture<Void> invalidateAll() {
        long start = System.nanoTime();
        stats.recordRequest(CacheOperation.INVALIDATE_ALL);
        if (l2 == null) {
            synchronized (this) {
                version++;
            }
            if (l1 != null) {
                l1.invalidateAll();
            }
            stats.recordLatency(CacheOperation.INVALIDATE_ALL, Tier.ALL, System.nanoTime() - start);
            return CompletableFuture.completedFuture(null);
        }
        CacheOperation op = CacheOperation.INVALIDATE_ALL;
        return l2.increment(versionKey).handle((next, error) -> {
            if (error != null) {
                countL2Error(op, error);
                return CompletableFuture.completedFuture(-1L);
            }
            if (next >= 0) {
                return CompletableFuture.completedFuture(next);
            }
            long created = Math.max(version + 1, clock.millis());
            return l2.add(versionKey, 0, Long.toString(created).getBytes(StandardCharsets.US_ASCII))
                    .handle((added, addError) -> {
                        if (addError != null) {
                            countL2Error(op, addError);
                        }
                        return Boolean.TRUE.equals(added) ? created : -1L;
                    });
        }).thenCompose(f -> f).thenAccept(next -> {
            synchronized (this) {
                // L2 failed: move on locally so this instance stops reading old entries; L2 catches up later.
                version = next > version ? next : version + 1;
            }
            if (l1 != null) {
                l1.invalidateAll();
            }
            stats.recordLatency(op, Tier.ALL, System.nanoTime() - start);
        });
    }

    @Override
    public void close() {
        closed = true;
        if (l1 != null) {
            l1.invalidateAll();
            l1.cleanUp();
        }
    }

    // ---------------------------------------------------------------- namespace version

    private void checkVersionIfDue(long now) {
        if (l2 != null && now >= nextVersionCheck && versionCheckRunning.compareAndSet(false, true)) {
            nextVersionCheck = now + versionCheckMillis;
            whenDone(syncVersion(), (v, t) -> versionCheckRunning.set(false));
        }
    }

    /** Reads the namespace version from L2 (creating it if absent) and adopts it if newer. */
    private CompletableFuture<Void> syncVersion() {
        return l2.get(versionKey).thenCompose(bytes -> {
            long remote = MemcachedTier.parseCounter(bytes);
            if (remote >= 0) {
                return CompletableFuture.completedFuture(remote);
            }
            // Absent (new, or evicted): start above every version used before, so old entries never reappear.
            long created = Math.max(version + 1, clock.millis());
            return l2.add(versionKey, 0, Long.toString(created).getBytes(StandardCharsets.US_ASCII))
                    .thenCompose(added -> added ? CompletableFuture.completedFuture(created)
                            : l2.get(versionKey).thenApply(MemcachedTier::parseCounter));
        }).handle((remote, error) -> {
            if (error != null) {
                countL2Error(CacheOperation.GET, error);
                nextVersionCheck = clock.millis() + Math.min(versionCheckMillis, 500); // retry soon
                return null;
            }
            adoptVersion(remote);
            return null;
        });
    }

    private void adoptVersion(long remote) {
        boolean changed;
        synchronized (this) {
            changed = remote > version;
            if (changed) {
                version = remote;
            }
        }
        if (changed && l1 != null) {
            l1.invalidateAll();
        }
    }

    // ---------------------------------------------------------------- L2 plumbing: never throws, counts failures

    private String l2Key(K key) {
        return L2Keys.key(namespace, version, String.valueOf(keyToString.apply(key)));
    }

    /** What {@link #l2Get} and {@link #l2GetMulti} answer when L2 failed, unlike a miss (compared by identity). */
    private static final byte[] L2_FAILED = new byte[0];
    private static final Map<String, byte[]> L2_MULTI_FAILED = Collections.unmodifiableMap(new HashMap<>());

    private CompletableFuture<byte[]> l2Get(String key, CacheOperation op) {
        long start = System.nanoTime();
        return l2.get(key).handle((bytes, error) -> {
            if (error != null) {
                countL2Error(op, error);
                return L2_FAILED;
            }
            stats.recordL2Latency(L2Operation.GET, System.nanoTime() - start);
            return bytes;
        });
    }

    private CompletableFuture<Map<String, byte[]>> l2GetMulti(Collection<String> keys, CacheOperation op) {
        long start = System.nanoTime();
        return l2.getMulti(keys).handle((found, error) -> {
            if (error != null) {
                countL2Error(op, error);
                return L2_MULTI_FAILED;
            }
            stats.recordL2Latency(L2Operation.GET_MULTI, System.nanoTime() - start);
            return found;
        });
    }

    private CompletableFuture<Void> l2Set(String key, Entry<V> e, CacheOperation op) {
        byte[] frame;
        try {
            frame = L2Frame.encode(schemaId, e.freshUntil(), e.deltaMillis(), codec.encode(e.value()));
        } catch (RuntimeException ex) { // CodecException or a codec bug: the value stays in L1 only
            stats.recordError(op, ErrorReason.SERIALIZATION_ERROR);
            log.warn("cache {}: cannot encode a value of {} for L2: {}", name,
                    e.value().getClass().getName(), ex.toString());
            return CompletableFuture.completedFuture(null);
        }
        long ttlSeconds = Math.max(1, (e.hardUntil() - clock.millis() + 999) / 1000);
        long start = System.nanoTime();
        return l2.set(key, (int) Math.min(Integer.MAX_VALUE, ttlSeconds), frame).handle((stored, error) -> {
            if (error != null) {
                countL2Error(op, error);
            } else {
                stats.recordL2Latency(L2Operation.SET, System.nanoTime() - start);
            }
            return null;
        });
    }

    private CompletableFuture<Void> l2Delete(String key, CacheOperation op) {
        long start = System.nanoTime();
        return l2.delete(key).handle((existed, error) -> {
            if (error != null) {
                countL2Error(op, error);
            } else {
                stats.recordL2Latency(L2Operation.DELETE, System.nanoTime() - start);
            }
            return null;
        });
    }

    private void countL2Error(CacheOperation op, Throwable error) {
        Throwable cause = unwrap(error);
        ErrorReason reason = ErrorReason.L2_ERROR;
        if (cause instanceof L2Exception l2e) {
            reason = switch (l2e.kind()) {
                case TIMEOUT -> ErrorReason.L2_TIMEOUT;
                case CIRCUIT_OPEN -> ErrorReason.L2_CIRCUIT_OPEN;
                case ERROR -> ErrorReason.L2_ERROR;
            };
        }
        stats.recordError(op, reason);
    }

    /**
     * Decodes an L2 frame read at {@code now}; corrupt or foreign bytes are a counted error, a miss, and deleted from
     * L2.
     */
    private Entry<V> decode(String l2Key, byte[] bytes, CacheOperation op, long now) {
        if (bytes == null) {
            return null;
        }
        try {
            L2Frame.Header h = L2Frame.header(bytes, schemaId);
            V value = codec.decode(L2Frame.payload(bytes));
            if (value == null) {
                throw new CodecException("decoded a null value");
            }
            return new Entry<>(value, h.freshUntil(), h.freshUntil() + maxStaleMillis, h.deltaMillis(),
                    now + l1LifetimeMillis);
        } catch (RuntimeException e) { // CodecException, or anything a codec throws on hostile bytes
            stats.recordError(op, ErrorReason.DESERIALIZATION_ERROR);
            log.debug("cache {}: undecodable L2 entry {} deleted: {}", name, l2Key, e.toString());
            l2Delete(l2Key, op);
            return null;
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
