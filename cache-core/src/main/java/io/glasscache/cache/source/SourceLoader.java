package io.glasscache.cache.source;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.glasscache.cache.freshness.Entry;
import io.glasscache.cache.freshness.Freshness;
import io.glasscache.cache.source.Flight.Outcome;
import io.glasscache.cache.stats.CacheOperation;
import io.glasscache.cache.stats.CacheStatsRecorder;
import io.glasscache.cache.stats.ErrorReason;
import io.glasscache.cache.stats.LoadResult;
import io.glasscache.cache.stats.StaleReason;
import io.glasscache.cache.stats.Tier;

/**
 * Calls the source for flights that need it, one key or one batch per call, and ends each flight when its call
 * ends: a value fills the cache (through the {@link Sink}) even if every reader has gone; a failure serves the
 * flight's stale fallback within stale-if-error, else fails the flight. Each call is cut at its hard deadline, which
 * then frees its keys. Optionally bounds concurrent calls and batches the keys that wait ({@link LoadSlots}).
 */
public final class SourceLoader<K, V> {

    private static final Logger log = LoggerFactory.getLogger(SourceLoader.class);

    /** Where loaded values go. */
    public interface Sink<K, V> {
        /** {@code key} was loaded as {@code entry}: fill the local tier (before the readers are answered). */
        void loaded(K key, Entry<V> entry);

        /** ... and share it (after the readers are answered: encoding for L2 is no reader's wait). */
        void share(K key, Entry<V> entry, CacheOperation op);

        /** The source has no value for {@code key}: drop {@code stale} (may be null) if the tiers still hold it. */
        void absent(K key, Entry<V> stale);
    }

    /** A key on its way to the source: its flight, who asked, since when (nanoTime). */
    private record Pending<K, V>(K key, Flight<V> flight, CacheOperation op, long queuedAt) {
    }

    private final String cacheName;
    private final Function<K, CompletionStage<V>> loader;
    private final Function<Set<K>, CompletionStage<Map<K, V>>> batchLoader;
    private final long hardTimeoutNanos;
    private final Freshness freshness;
    private final Clock clock;
    private final CacheStatsRecorder stats;
    private final SingleFlight<K, V> flights;
    private final Sink<K, V> sink;
    private final LoadSlots<Pending<K, V>> slots;

    /**
     * @param loader      single-key loader, or null (then single keys go to {@code batchLoader})
     * @param batchLoader batch loader, or null (then batches go key by key)
     * @param maxCalls    at most this many calls at once, batching what waits (needs {@code batchLoader}); 0: no bound
     */
    public SourceLoader(String cacheName, Function<K, CompletionStage<V>> loader,
            Function<Set<K>, CompletionStage<Map<K, V>>> batchLoader, long hardTimeoutNanos, int maxCalls,
            int maxBatch, Freshness freshness, Clock clock, CacheStatsRecorder stats, SingleFlight<K, V> flights,
            Sink<K, V> sink) {
        this.cacheName = cacheName;
        this.loader = loader;
        this.batchLoader = batchLoader;
        this.hardTimeoutNanos = hardTimeoutNanos;
        this.freshness = freshness;
        this.clock = clock;
        this.stats = stats;
        this.flights = flights;
        this.sink = sink;
        this.slots = maxCalls > 0 ? new LoadSlots<>(maxCalls, maxBatch, this::callBatch) : null;
    }

    /** Loads {@code key} for its {@code flight}, which this ends. */
    public void load(K key, Flight<V> flight, CacheOperation op) {
        flight.loading().complete(null);
        if (slots != null) {
            slots.submit(List.of(new Pending<>(key, flight, op, System.nanoTime())));
            return;
        }
        CompletableFuture<V> call;
        long start = System.nanoTime();
        stats.recordSourceCall();
        try {
            CompletionStage<V> stage = loader != null ? loader.apply(key)
                    : batchLoader.apply(Set.of(key)).thenApply(m -> m == null ? null : m.get(key));
            call = Objects.requireNonNull(stage, "loader returned a null future").toCompletableFuture();
        } catch (Throwable t) {
            call = CompletableFuture.failedFuture(t);
        }
        List<Pending<K, V>> one = List.of(new Pending<>(key, flight, op, start));
        withDeadline(call).handle((value, error) -> {
            long nanos = System.nanoTime() - start;
            if (error != null) {
                fail(one, error, nanos);
                log.debug("cache {}: load of key {} failed", cacheName, key, unwrap(error));
            } else {
                LoadResult result = value == null ? LoadResult.NOT_FOUND : LoadResult.SUCCESS;
                stats.recordLoads(result, 1);
                stats.recordLoadLatency(result, nanos);
                finish(key, flight, value, nanos, op);
            }
            return null;
        });
    }

    /** Loads the keys of {@code owned} in one batch call (key by key without a batch loader); ends their flights. */
    public void loadAll(Map<K, Flight<V>> owned, CacheOperation op) {
        if (batchLoader == null) {
            owned.forEach((key, flight) -> load(key, flight, op));
            return;
        }
        long queuedAt = System.nanoTime();
        List<Pending<K, V>> batch = new ArrayList<>(owned.size());
        owned.forEach((key, flight) -> {
            flight.loading().complete(null);
            batch.add(new Pending<>(key, flight, op, queuedAt));
        });
        if (slots != null) {
            slots.submit(batch);
        } else {
            callBatch(batch);
        }
    }

    /**
     * One batch call for {@code batch}; returns a future that completes when the call is over, either way, so that
     * its load slot frees. Keys that waited in the slot queue past the hard deadline fail as timeouts instead.
     */
    private CompletableFuture<?> callBatch(List<Pending<K, V>> batch) {
        long start = System.nanoTime();
        List<Pending<K, V>> loading = slots == null ? batch : notExpired(batch, start);
        if (loading.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Set<K> keys = new LinkedHashSet<>(loading.size() * 2);
        for (Pending<K, V> p : loading) {
            keys.add(p.key());
        }
        stats.recordSourceCall();
        CompletableFuture<Map<K, V>> call;
        try {
            call = Objects.requireNonNull(batchLoader.apply(Collections.unmodifiableSet(keys)),
                    "batch loader returned a null future").toCompletableFuture();
        } catch (Throwable t) {
            call = CompletableFuture.failedFuture(t);
        }
        CompletableFuture<Map<K, V>> timed = withDeadline(call);
        return timed.handle((values, error) -> {
            long nanos = System.nanoTime() - start;
            if (error != null) {
                fail(loading, error, nanos);
                return null;
            }
            int found = 0;
            for (Pending<K, V> p : loading) {
                V value = values == null ? null : values.get(p.key());
                found += value == null ? 0 : 1;
                finish(p.key(), p.flight(), value, nanos, p.op());
            }
            stats.recordLoads(LoadResult.SUCCESS, found);
            stats.recordLoads(LoadResult.NOT_FOUND, loading.size() - found);
            stats.recordLoadLatency(LoadResult.SUCCESS, nanos);
            return null;
        });
    }

    /** Records each key's wait for a slot; fails those that waited past the hard deadline and returns the rest. */
    private List<Pending<K, V>> notExpired(List<Pending<K, V>> batch, long now) {
        List<Pending<K, V>> due = new ArrayList<>(batch.size());
        List<Pending<K, V>> expired = null;
        for (Pending<K, V> p : batch) {
            long waited = now - p.queuedAt();
            stats.recordLoadWait(waited);
            if (waited > hardTimeoutNanos) {
                expired = expired == null ? new ArrayList<>() : expired;
                expired.add(p);
            } else {
                due.add(p);
            }
        }
        if (expired != null) {
            fail(expired, new TimeoutException("cache " + cacheName + ": no load slot within the hard deadline"), -1);
        }
        return due;
    }

    /**
     * The call returned {@code value} (null: not found) for {@code key}: fill the cache, end the flight, answer. The
     * flight ends before its readers are answered, so a reader woken by the answer never finds it still running.
     */
    private void finish(K key, Flight<V> flight, V value, long nanos, CacheOperation op) {
        Entry<V> e = null;
        try {
            if (value == null) {
                sink.absent(key, flight.fallback());
            } else {
                e = freshness.loaded(value, clock.millis(), nanos);
                sink.loaded(key, e);
            }
        } finally {
            flights.end(key, flight);
        }
        flight.answer().complete(new Outcome<>(e, Tier.SOURCE));
        if (e != null) {
            sink.share(key, e, op);
        }
    }

    /**
     * The call for {@code loads} failed with {@code error} after {@code callNanos} (negative: never called): each
     * flight serves its stale fallback within stale-if-error, or fails, and ends.
     */
    private void fail(List<Pending<K, V>> loads, Throwable error, long callNanos) {
        Throwable cause = unwrap(error);
        boolean timeout = cause instanceof TimeoutException;
        LoadResult result = timeout ? LoadResult.TIMEOUT : LoadResult.FAILURE;
        stats.recordLoads(result, loads.size());
        if (callNanos >= 0) {
            stats.recordLoadLatency(result, callNanos);
        }
        if (!timeout) { // a timeout's error is counted where readers gave up, per reader
            EnumSet<CacheOperation> ops = EnumSet.noneOf(CacheOperation.class);
            for (Pending<K, V> p : loads) {
                if (ops.add(p.op())) { // one error per operation whose keys failed
                    stats.recordError(p.op(), ErrorReason.LOAD_FAILURE);
                }
            }
        }
        long now = clock.millis();
        for (Pending<K, V> p : loads) {
            flights.end(p.key(), p.flight());
            Entry<V> fallback = freshness.ifError(p.flight().fallback(), now);
            if (fallback == null) {
                p.flight().answer().completeExceptionally(cause);
            } else if (p.flight().answer().complete(new Outcome<>(fallback, Tier.SOURCE))) {
                stats.recordStaleServed(StaleReason.ERROR);
            }
        }
    }

    /** {@code call}, cut at the hard deadline (on a copy: the caller's future is left alone). */
    private <T> CompletableFuture<T> withDeadline(CompletableFuture<T> call) {
        CompletableFuture<T> timed = new CompletableFuture<>();
        call.handle((v, t) -> t != null ? timed.completeExceptionally(t) : timed.complete(v));
        return timed.orTimeout(hardTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
