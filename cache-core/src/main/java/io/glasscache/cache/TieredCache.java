package io.glasscache.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Weigher;

import io.glasscache.cache.codec.ValueCodec;
import io.glasscache.cache.stats.MetricNaming;
import io.glasscache.cache.stats.StatsRecorderFactory;

/**
 * A read-through cache with an on-heap L1 (Caffeine), a shared L2 (memcached) and a source (the loaders).
 *
 * <p>Reads go L1, then L2, then the source. L2 hits fill L1; loads fill L1 and, without making the caller wait, L2.
 * Concurrent misses of one key in this JVM share one lookup (single flight): at most one source call per key at any
 * time. Each reader waits up to the load timeout; the lookup itself goes on until its source call ends (or its hard
 * deadline cuts it), and its value fills L1 and L2 even if every reader has gone, so readers that arrive meanwhile
 * join it instead of calling a slow source again. A value stays fresh for the cache's TTL; hot keys are refreshed
 * early (probabilistic early expiration) and, within the stale-while-revalidate window, served stale while one
 * background load refreshes them. If the source fails or a reader times out while a value within the
 * stale-if-error window is held, that value is served. L2 failures are never surfaced: they are counted and
 * treated as misses.
 *
 * <p>All methods are non-blocking and thread-safe; construction never blocks either (not even on memcached). A
 * future fails only when the source fails (or the reader times out) and no stale value is held; it then fails with
 * the loader's exception or a {@link java.util.concurrent.TimeoutException}.
 *
 * <pre>{@code
 * TieredCache<Long, UserFeatures> cache = TieredCache.<Long, UserFeatures>builder("user_features_v1")
 *         .keyToString(String::valueOf)
 *         .codec(ValueCodec.kryo(UserFeatures.class))
 *         .l2(memcached)                       // optional, shared by many caches
 *         .ttl(Duration.ofMinutes(10))
 *         .loader(id -> featureStore.fetch(id))
 *         .batchLoader(ids -> featureStore.fetchAll(ids))
 *         .recordStats(MicrometerStats.of(registry))
 *         .build();
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface TieredCache<K, V> extends AutoCloseable {

    /** The cache's name: the {@code cache_name} metric label and the default L2 key namespace. */
    String name();

    /**
     * The value for {@code key}, from the first tier holding it or from the source. Completes with {@code null} if
     * the source has no value (absent values are not cached).
     */
    CompletableFuture<V> get(K key);

    /**
     * The values for {@code keys}: L1 first, then one L2 multi-get, then one batch load for the rest. The map holds
     * only keys with a value. Fails only if the batch load fails and some missing key has no stale value.
     */
    CompletableFuture<Map<K, V>> getAll(Collection<? extends K> keys);

    /** Stores {@code value} in L1 and L2; completes when L2 has answered (or failed, which is counted, not thrown). */
    CompletableFuture<Void> put(K key, V value);

    /** Removes {@code key} from L1 and L2; completes when L2 has answered (or failed, counted). */
    CompletableFuture<Void> invalidate(K key);

    /**
     * Invalidates every entry by bumping the L2 namespace version (other instances sharing the namespace pick up the
     * new version within the version-check interval) and clearing L1. Completes when L2 has answered.
     */
    CompletableFuture<Void> invalidateAll();

    /** Stops background work and unregisters nothing shared; the L2 client is owned by whoever built it. */
    @Override
    void close();

    /**
     * A builder for a cache called {@code name} ({@link MetricNaming#NAME_PATTERN}: it is the {@code cache_name} tag
     * and the default L2 namespace).
     */
    static <K, V> Builder<K, V> builder(String name) {
        return new Builder<>(name);
    }

    /** Loads one value from the source. */
    @FunctionalInterface
    interface Loader<K, V> {
        /** Completes with the value, or {@code null} if there is none. */
        CompletionStage<V> load(K key);
    }

    /** Loads several values from the source in one call. */
    @FunctionalInterface
    interface BatchLoader<K, V> {
        /** Completes with the values found; keys without a value are left out. */
        CompletionStage<Map<K, V>> loadAll(Set<K> keys);
    }

    /** The defaults of {@link Builder}, the one place they are written (Spring Boot's properties use them too). */
    final class Defaults {
        public static final long L1_MAXIMUM_SIZE = 10_000;
        public static final Duration L1_EXPIRE_AFTER_WRITE = Duration.ofMinutes(1);
        public static final Duration VERSION_CHECK_INTERVAL = Duration.ofSeconds(5);
        public static final Duration TTL = Duration.ofMinutes(10);
        public static final double TTL_JITTER = 0.1;
        public static final Duration LOAD_TIMEOUT = Duration.ofSeconds(1);
        /** The hard deadline of a source call, as a multiple of the load timeout. */
        public static final int LOAD_HARD_TIMEOUT_FACTOR = 10;
        public static final boolean EARLY_REFRESH = true;
        public static final double EARLY_REFRESH_BETA = 1.0;
        public static final Duration STALE_WHILE_REVALIDATE = Duration.ofSeconds(30);
        public static final Duration STALE_IF_ERROR = Duration.ofMinutes(5);
        public static final int MAX_BATCH_SIZE = 64;

        private Defaults() {
        }
    }

    /**
     * Configures and builds a {@link TieredCache}. Defaults ({@link Defaults}): L1 on with 10,000 entries and 1 minute
     * expire-after-write; no L2 unless {@link #l2(MemcachedTier)} is given; TTL 10 minutes with 10% jitter; load
     * timeout 1 second, source calls cut after 10 times that; early refresh on (beta 1.0); stale-while-revalidate
     * 30 seconds; stale-if-error 5 minutes; no bound on source calls; no metrics unless {@link #recordStats} is
     * given. Not thread-safe; {@link #build()} may be called once.
     */
    final class Builder<K, V> {

        final String name;
        Function<? super K, String> keyToString = String::valueOf;
        ValueCodec<V> codec;
        Loader<K, V> loader;
        BatchLoader<K, V> batchLoader;

        boolean l1Enabled = true;
        long l1MaximumSize = Defaults.L1_MAXIMUM_SIZE;
        long l1MaximumWeight = -1;
        Weigher<? super K, ? super V> l1Weigher;
        Duration l1ExpireAfterWrite = Defaults.L1_EXPIRE_AFTER_WRITE;

        MemcachedTier l2;
        boolean l2Enabled = true;
        String namespace;
        Duration versionCheckInterval = Defaults.VERSION_CHECK_INTERVAL;

        Duration ttl = Defaults.TTL;
        double ttlJitter = Defaults.TTL_JITTER;
        Duration loadTimeout = Defaults.LOAD_TIMEOUT;
        Duration loadHardTimeout; // null: LOAD_HARD_TIMEOUT_FACTOR x loadTimeout
        boolean earlyRefresh = Defaults.EARLY_REFRESH;
        double earlyRefreshBeta = Defaults.EARLY_REFRESH_BETA;
        Duration staleWhileRevalidate = Defaults.STALE_WHILE_REVALIDATE;
        Duration staleIfError = Defaults.STALE_IF_ERROR;
        int maxConcurrentLoads; // 0: no bound, no batching of single-key misses
        int maxBatchSize = Defaults.MAX_BATCH_SIZE;

        StatsRecorderFactory stats = StatsRecorderFactory.noop();
        Clock clock = Clock.systemUTC();
        Executor executor = ForkJoinPool.commonPool();

        Builder(String name) {
            this.name = MetricNaming.requireName("name", name);
        }

        /** How a key becomes a string for L2 (default {@link String#valueOf}); unsafe or long results are hashed. */
        public Builder<K, V> keyToString(Function<? super K, String> keyToString) {
            this.keyToString = Objects.requireNonNull(keyToString, "keyToString");
            return this;
        }

        /** The value codec for L2; required when an L2 is configured. */
        public Builder<K, V> codec(ValueCodec<V> codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /** The single-key loader. If absent, single-key misses use the batch loader. */
        public Builder<K, V> loader(Loader<K, V> loader) {
            this.loader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /** The batch loader for {@link TieredCache#getAll}. If absent, {@code getAll} loads key by key. */
        public Builder<K, V> batchLoader(BatchLoader<K, V> batchLoader) {
            this.batchLoader = Objects.requireNonNull(batchLoader, "batchLoader");
            return this;
        }

        /**
         * Bounds this cache's concurrent source calls to {@code maxConcurrentLoads} (default: no bound). Keys that
         * miss while every call is taken wait, and go to the {@linkplain #batchLoader batch loader} together, up to
         * {@code maxBatchSize} per call, as soon as one finishes: an idle source still gets a call per miss at once,
         * and a busy one fewer, larger calls instead of a growing queue of single-key ones. Every source call of the
         * cache goes through the batch loader, single-key misses included. A reader waits for its key no longer than
         * the load timeout (then it is served stale within stale-if-error, or fails); a key still waiting for a call
         * at the hard deadline is dropped as a timeout. A batch of keys that waited is loaded on the thread that
         * ended the call before it, so the batch loader must not block. Requires a batch loader.
         */
        public Builder<K, V> batchWhileBusy(int maxConcurrentLoads, int maxBatchSize) {
            if (maxConcurrentLoads < 1 || maxBatchSize < 1) {
                throw new IllegalArgumentException("maxConcurrentLoads and maxBatchSize must be >= 1");
            }
            this.maxConcurrentLoads = maxConcurrentLoads;
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        /** Whether to keep an on-heap L1 (default true). */
        public Builder<K, V> l1Enabled(boolean enabled) {
            this.l1Enabled = enabled;
            return this;
        }

        /** L1 bound in entries (default 10,000). Replaces a weight bound. */
        public Builder<K, V> l1MaximumSize(long maximumSize) {
            if (maximumSize < 0) {
                throw new IllegalArgumentException("l1MaximumSize must be >= 0");
            }
            this.l1MaximumSize = maximumSize;
            this.l1MaximumWeight = -1;
            this.l1Weigher = null;
            return this;
        }

        /** L1 bound in weight units as given by {@code weigher}. Replaces an entry bound. */
        public Builder<K, V> l1MaximumWeight(long maximumWeight, Weigher<? super K, ? super V> weigher) {
            if (maximumWeight < 0) {
                throw new IllegalArgumentException("l1MaximumWeight must be >= 0");
            }
            this.l1MaximumWeight = maximumWeight;
            this.l1Weigher = Objects.requireNonNull(weigher, "weigher");
            this.l1MaximumSize = -1;
            return this;
        }

        /**
         * How long an entry answers from L1 before reads go through L2 again (default 1 minute), which bounds how long
         * this instance can miss a put or invalidation made by another one. The entry stays in L1 for the
         * stale-if-error window longer: when L2 cannot answer (an error, a timeout, its breaker open), a copy still
         * fresh by its TTL is served from L1 instead of loading from the source. An entry leaves L1 when it is past
         * every stale window.
         */
        public Builder<K, V> l1ExpireAfterWrite(Duration expireAfterWrite) {
            this.l1ExpireAfterWrite = positive("l1ExpireAfterWrite", expireAfterWrite);
            return this;
        }

        /** The shared L2; without one the cache is L1-only. The cache does not close it. */
        public Builder<K, V> l2(MemcachedTier l2) {
            this.l2 = Objects.requireNonNull(l2, "l2");
            return this;
        }

        /** Whether to use the L2 given to {@link #l2(MemcachedTier)} (default true). */
        public Builder<K, V> l2Enabled(boolean enabled) {
            this.l2Enabled = enabled;
            return this;
        }

        /** The L2 key namespace (default: the cache name). Caches sharing a namespace share entries. */
        public Builder<K, V> namespace(String namespace) {
            this.namespace = MetricNaming.requireName("namespace", namespace);
            return this;
        }

        /** How often to re-read the namespace version from L2 to see other instances' bumps (default 5 s). */
        public Builder<K, V> versionCheckInterval(Duration interval) {
            this.versionCheckInterval = positive("versionCheckInterval", interval);
            return this;
        }

        /** How long a loaded value stays fresh (default 10 minutes), in both tiers. */
        public Builder<K, V> ttl(Duration ttl) {
            this.ttl = positive("ttl", ttl);
            return this;
        }

        /**
         * Random extra freshness, as a fraction of the TTL added to each entry (default 0.1: up to +10%), so that
         * entries loaded together do not expire together.
         */
        public Builder<K, V> ttlJitter(double fraction) {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("ttlJitter must be within [0, 1]");
            }
            this.ttlJitter = fraction;
            return this;
        }

        /**
         * How long one reader waits for its key (default 1 second): then it is served stale within stale-if-error,
         * or fails with a TimeoutException. The lookup itself goes on (see {@link #loadHardTimeout}).
         */
        public Builder<K, V> loadTimeout(Duration timeout) {
            this.loadTimeout = positive("loadTimeout", timeout);
            return this;
        }

        /**
         * The hard deadline of one source call (default 10 times the load timeout): a call that has not returned by
         * then is abandoned as a timeout, which frees its keys for the next reader. Until then every reader of the
         * key joins the call in flight. At least the load timeout.
         */
        public Builder<K, V> loadHardTimeout(Duration timeout) {
            this.loadHardTimeout = positive("loadHardTimeout", timeout);
            return this;
        }

        /**
         * Probabilistic early expiration (XFetch, Vattani et al., VLDB 2015): a read of a fresh entry triggers a
         * background refresh with a probability that rises as expiry nears, scaled by the load's duration and
         * {@code beta} (default true, 1.0; larger refreshes earlier).
         */
        public Builder<K, V> earlyRefresh(boolean enabled, double beta) {
            if (!(beta > 0)) {
                throw new IllegalArgumentException("beta must be > 0");
            }
            this.earlyRefresh = enabled;
            this.earlyRefreshBeta = beta;
            return this;
        }

        /** How long past its freshness a value is served while one background load refreshes it (default 30 s). */
        public Builder<K, V> staleWhileRevalidate(Duration window) {
            this.staleWhileRevalidate = nonNegative("staleWhileRevalidate", window);
            return this;
        }

        /**
         * How long past its freshness a value is served when the source fails or a reader times out (default 5
         * minutes).
         */
        public Builder<K, V> staleIfError(Duration window) {
            this.staleIfError = nonNegative("staleIfError", window);
            return this;
        }

        /**
         * Where the cache reports its events: e.g. {@code MicrometerStats.of(registry)} (meters, Caffeine's L1
         * meters included). Default: nowhere. A recorder that throws is caught and counted, never breaks a read.
         */
        public Builder<K, V> recordStats(StatsRecorderFactory stats) {
            this.stats = Objects.requireNonNull(stats, "stats");
            return this;
        }

        /**
         * Where loaders are called after an L2 miss and for background refreshes (default
         * {@link ForkJoinPool#commonPool()}), so that neither the L2 I/O thread nor a caller served from L1 runs them.
         */
        public Builder<K, V> executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** The clock for freshness (default UTC system clock); for tests. */
        public Builder<K, V> clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Builds the cache; fails if no loader is set, or an L2 is used without a codec. Never blocks. */
        public TieredCache<K, V> build() {
            if (loader == null && batchLoader == null) {
                throw new IllegalStateException("cache " + name + ": a loader or batchLoader is required");
            }
            if (maxConcurrentLoads > 0 && batchLoader == null) {
                throw new IllegalStateException("cache " + name + ": batchWhileBusy needs a batchLoader");
            }
            if (l2 != null && l2Enabled && codec == null) {
                throw new IllegalStateException("cache " + name + ": a codec is required with an L2");
            }
            if (!l1Enabled && (l2 == null || !l2Enabled)) {
                throw new IllegalStateException("cache " + name + ": at least one of L1 and L2 must be enabled");
            }
            if (loadHardTimeout != null && loadHardTimeout.compareTo(loadTimeout) < 0) {
                throw new IllegalStateException("cache " + name + ": loadHardTimeout must be >= loadTimeout");
            }
            return new DefaultTieredCache<>(this);
        }

        /** The hard deadline in effect. */
        Duration hardTimeout() {
            return loadHardTimeout != null ? loadHardTimeout
                    : loadTimeout.multipliedBy(Defaults.LOAD_HARD_TIMEOUT_FACTOR);
        }

        private static Duration positive(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be > 0");
            }
            return d;
        }

        private static Duration nonNegative(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.isNegative()) {
                throw new IllegalArgumentException(what + " must be >= 0");
            }
            return d;
        }
    }
}
