package io.glasscache.cache;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.glasscache.cache.freshness.Entry;
import io.glasscache.cache.source.Flight;
import io.glasscache.cache.source.Flight.Outcome;
import io.glasscache.cache.stats.CacheOperation;
import io.glasscache.cache.stats.Tier;

/**
 * One {@code getAll}: L1 first, then a flight per missing key (joined if one is in flight, else owned), the owned
 * ones resolved together (one L2 multi-get, one batch load), the answer gathered when every flight has answered or
 * the load timeout has passed, whichever comes first. Keys that have not answered by then are served stale within
 * stale-if-error, or fail the call; their lookups go on.
 */
final class GetAll<K, V> {

    private final DefaultTieredCache<K, V> cache;
    private final GuardedCacheStats stats;
    private final long start;
    private final List<K> order;
    private final Map<K, V> fromL1;
    private final Map<K, Flight<V>> flights = new LinkedHashMap<>();
    private final Map<K, Entry<V>> stale = new HashMap<>();
    private final CompletableFuture<Map<K, V>> answer = new CompletableFuture<>();

    GetAll(DefaultTieredCache<K, V> cache, Collection<? extends K> keys, long now, long start) {
        this.cache = cache;
        this.stats = cache.stats();
        this.start = start;
        // One map on the all-L1 path (the hot one): the answer itself, in key order, duplicates dropped.
        this.fromL1 = new LinkedHashMap<>(Math.max(16, keys.size() * 4 / 3 + 1));
        Set<K> missing = null;
        for (K key : keys) {
            Objects.requireNonNull(key, "key");
            if (missing != null && missing.contains(key)) {
                continue; // a repeated key already missed: it stays a miss, answered once
            }
            Entry<V> e = cache.l1Entry(key, now);
            if (cache.l1Answer(e, key, now) != null) {
                fromL1.put(key, e.value()); // a repeated key is put again in place: no lookup before the put
            } else if (!fromL1.containsKey(key)) { // checked only on a miss: a repeat that hit the first time stays
                missing = missing == null ? new LinkedHashSet<>() : missing;
                missing.add(key);
                if (e != null) {
                    stale.put(key, e);
                }
            }
        }
        if (missing == null) {
            this.order = null;
            stats.recordHits(CacheOperation.GET_ALL, Tier.L1, fromL1.size());
            stats.recordLatency(CacheOperation.GET_ALL, Tier.L1, System.nanoTime() - start);
            answer.complete(fromL1);
            return;
        }
        this.order = List.copyOf(keys); // the caller may reuse its collection before the misses are answered
        Map<K, Flight<V>> owned = new LinkedHashMap<>();
        for (K key : missing) {
            Flight<V> mine = new Flight<>();
            Flight<V> flight = cache.flightOf(key, stale.get(key), mine);
            if (flight == mine) {
                owned.put(key, mine);
            }
            flights.put(key, flight);
        }
        if (!owned.isEmpty()) {
            cache.resolve(owned, stale, CacheOperation.GET_ALL);
        }
        gather();
    }

    CompletableFuture<Map<K, V>> answer() {
        return answer;
    }

    /**
     * Completes the answer once every flight has answered or the wait runs out. Gathered by one handle per flight,
     * not allOf + join: allOf and join wrap each failed flight's error in a new CompletionException (a stack trace
     * each), which with a failing source cost more than the request.
     */
    private void gather() {
        CompletableFuture<Outcome<V>> all = new CompletableFuture<>();
        AtomicInteger pending = new AtomicInteger(flights.size());
        for (Flight<V> flight : flights.values()) {
            flight.answer().handle((outcome, error) -> {
                if (pending.decrementAndGet() == 0) {
                    all.complete(null);
                }
                return null;
            });
        }
        CompletableFuture<Object> anyLoading = CompletableFuture.anyOf(flights.values().stream()
                .map(Flight::loading).toArray(CompletableFuture[]::new));
        cache.await(all, anyLoading).handle((ignored, timeout) -> {
            try {
                complete(timeout != null);
            } catch (Throwable t) { // a stats recorder cannot throw (guarded); anything else must still answer
                answer.completeExceptionally(t);
            }
            return null;
        });
    }

    /** Reads every flight: one that has not answered (the wait ran out) gets its stale fallback or fails the call. */
    private void complete(boolean waitRanOut) {
        Map<K, V> loaded = new HashMap<>();
        int l1Copies = 0;
        int l2Hits = 0;
        int misses = 0;
        Throwable failure = null;
        for (Map.Entry<K, Flight<V>> f : flights.entrySet()) {
            CompletableFuture<Outcome<V>> flightAnswer = f.getValue().answer();
            Outcome<V> outcome = null;
            Throwable error = null;
            if (!flightAnswer.isDone()) {
                Entry<V> fallback = cache.timedOut(f.getValue(), stale.get(f.getKey()), CacheOperation.GET_ALL, true);
                if (fallback != null) {
                    outcome = new Outcome<>(fallback, Tier.SOURCE);
                } else {
                    error = new TimeoutException("cache " + cache.name() + ": no answer within the load timeout");
                }
            } else if (flightAnswer.isCompletedExceptionally()) {
                error = flightAnswer.handle((o, t) -> DefaultTieredCache.unwrap(t)).join();
                if (error instanceof TimeoutException) {
                    Entry<V> fallback = cache.timedOut(f.getValue(), stale.get(f.getKey()), CacheOperation.GET_ALL,
                            false);
                    if (fallback != null) {
                        outcome = new Outcome<>(fallback, Tier.SOURCE);
                        error = null;
                    }
                }
            } else {
                outcome = flightAnswer.getNow(null);
            }
            if (error != null) {
                misses++;
                failure = failure == null ? error : failure;
                continue;
            }
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
        stats.recordLatency(CacheOperation.GET_ALL, misses > 0 ? Tier.SOURCE : Tier.L2, System.nanoTime() - start);
        if (failure != null) {
            answer.completeExceptionally(new CompletionException(failure)); // one per call, as from get
        } else {
            answer.complete(ordered(loaded));
        }
    }

    /** The values found in L1 or loaded, in the caller's key order (a repeated key: its first place counts). */
    private Map<K, V> ordered(Map<K, V> loaded) {
        Map<K, V> out = new LinkedHashMap<>(Math.max(16, (fromL1.size() + loaded.size()) * 4 / 3 + 1));
        for (K key : order) {
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
}
