package io.glasscache.cache;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;

import io.glasscache.cache.freshness.Entry;
import io.glasscache.cache.freshness.Freshness;
import io.glasscache.cache.l1.L1;
import io.glasscache.cache.l2.CacheL2;
import io.glasscache.cache.source.Flight;
import io.glasscache.cache.source.Flight.Outcome;
import io.glasscache.cache.source.SingleFlight;
import io.glasscache.cache.source.SourceLoader;
import io.glasscache.cache.stats.CacheOperation;
import io.glasscache.cache.stats.StaleReason;
import io.glasscache.cache.stats.Tier;

/**
 * The miss path of a tiered cache: resolves the flights a read owns through L2, then the source. Answers what L2
 * answers fresh (filling L1), answers a stale-but-usable L2 value at once and refreshes it within its flight, serves
 * L1's copy when L2 cannot answer, and sends the rest to the source off the L2 I/O thread.
 */
final class FlightResolver<K, V> {

    private final L1<K, V> l1;
    private final CacheL2<V> l2;
    private final SingleFlight<K, V> flights;
    private final SourceLoader<K, V> source;
    private final Freshness freshness;
    private final GuardedCacheStats stats;
    private final Clock clock;
    private final Executor onExecutor;
    private final Function<K, String> raw;

    /**
     * @param l1         the on-heap tier, or null
     * @param l2         the memcached tier, or null
     * @param onExecutor runs source loads off the L2 I/O thread
     * @param raw        a key's L2 string
     */
    FlightResolver(L1<K, V> l1, CacheL2<V> l2, SingleFlight<K, V> flights, SourceLoader<K, V> source,
            Freshness freshness, GuardedCacheStats stats, Clock clock, Executor onExecutor, Function<K, String> raw) {
        this.l1 = l1;
        this.l2 = l2;
        this.flights = flights;
        this.source = source;
        this.freshness = freshness;
        this.stats = stats;
        this.clock = clock;
        this.onExecutor = onExecutor;
        this.raw = raw;
    }

    /**
     * Resolves owned flights: one L2 lookup (a get for one key, a multi-get for several), then the source for the
     * keys L2 did not answer fresh. A key L2 answers stale-but-usable is answered at once and refreshed within its
     * flight.
     */
    void resolve(Map<K, Flight<V>> owned, Map<K, Entry<V>> stale, CacheOperation op) {
        if (l2 == null) {
            load(owned, op);
            return;
        }
        Map<String, K> byRaw = new LinkedHashMap<>(owned.size() * 2);
        try {
            for (K key : owned.keySet()) {
                byRaw.put(raw.apply(key), key);
            }
        } catch (RuntimeException e) {
            owned.forEach((key, flight) -> {
                flights.end(key, flight);
                flight.answer().completeExceptionally(e);
            });
            return;
        }
        if (byRaw.size() == 1) {
            Map.Entry<String, K> only = byRaw.entrySet().iterator().next();
            l2.get(only.getKey(), op).thenAccept(lookup -> afterL2(owned, stale, op,
                    lookup.entry() == null ? Map.of() : Map.of(only.getKey(), lookup.entry()),
                    lookup.failed() ? Set.of(only.getKey()) : Set.of(), byRaw));
        } else {
            l2.getMulti(byRaw.keySet(), op).thenAccept(found -> afterL2(owned, stale, op, found.found(),
                    found.failed(), byRaw));
        }
    }

    /** Answers what L2 answered; sends the rest (and what must be refreshed) to the source, off the L2 I/O thread. */
    private void afterL2(Map<K, Flight<V>> owned, Map<K, Entry<V>> stale, CacheOperation op,
            Map<String, Entry<V>> found, Set<String> failed, Map<String, K> byRaw) {
        long now = clock.millis();
        Map<K, Flight<V>> toSource = new LinkedHashMap<>();
        byRaw.forEach((raw, key) -> {
            Flight<V> flight = owned.get(key);
            Entry<V> copy = stale.get(key);
            if (failed.contains(raw) && Freshness.servesL1Copy(copy, now)) {
                answer(key, flight, copy, Tier.L1, true);
                return;
            }
            Entry<V> e = found.get(raw);
            if (e == null) {
                toSource.put(key, flight);
                return;
            }
            switch (freshness.judge(e, now)) {
                case FRESH -> answer(key, flight, e, Tier.L2, true);
                case FRESH_REFRESH -> {
                    stats.recordEarlyRefresh();
                    answer(key, flight, e, Tier.L2, false);
                    toSource.put(key, flight);
                }
                case STALE_REVALIDATE -> {
                    stats.recordStaleServed(StaleReason.REVALIDATE);
                    answer(key, flight, e, Tier.L2, false);
                    toSource.put(key, flight);
                }
                default -> {
                    flight.offerFallback(e);
                    toSource.put(key, flight);
                }
            }
        });
        if (!toSource.isEmpty()) {
            onExecutor.execute(() -> load(toSource, op)); // off the L2 I/O thread
        }
    }

    /** One key goes to the single-key loader, several to the batch loader. */
    private void load(Map<K, Flight<V>> flightsByKey, CacheOperation op) {
        if (flightsByKey.size() == 1) {
            Map.Entry<K, Flight<V>> only = flightsByKey.entrySet().iterator().next();
            source.load(only.getKey(), only.getValue(), op);
        } else {
            source.loadAll(flightsByKey, op);
        }
    }

    /** Answers {@code flight} with {@code e} from {@code tier} (an L2 entry also fills L1); {@code end}s it or not. */
    private void answer(K key, Flight<V> flight, Entry<V> e, Tier tier, boolean end) {
        if (tier == Tier.L2 && l1 != null) {
            l1.put(key, e);
        }
        if (end) {
            flights.end(key, flight); // before the answer: a reader it wakes must not find the flight running
        }
        flight.answer().complete(new Outcome<>(e, tier));
    }
}
