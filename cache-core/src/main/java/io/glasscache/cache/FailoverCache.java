package io.glasscache.cache;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.glasscache.cache.codec.KryoCodec;
import io.glasscache.cache.snapshot.SnapshotChannels;
import io.glasscache.cache.stats.MetricNaming;
import io.glasscache.cache.stats.StatsRecorderFactory;

/**
 * A disaster-recovery cache of last-good responses: each {@link FailoverKey} maps to a bounded set of values
 * (e.g. "screens" of recommended items) recorded from successful requests, one of which is served at random when the
 * request path fails.
 *
 * <ul>
 *   <li>{@link #record} never blocks: it offers the value to a bounded queue drained by writer thread(s), which
 *       encode it with Kryo and store it (off-heap through OHC, or on the heap). A full queue discards and counts.</li>
 *   <li>Each key keeps at most N values (per group pattern); a new value then replaces one by the
 *       {@link ReplacementPolicy} (default {@link ReplacementPolicy#OLDEST}).</li>
 *   <li>Values over the maximum entry size, a full store or more keys than the cap are counted rejections, never
 *       exceptions, with at most one WARN log per cause per minute.</li>
 *   <li>{@link #snapshot()} writes every value to a new snapshot generation on disk (CRC32C per record, temporary
 *       file, fsync, atomic rename, previous generation kept); {@link #restore()} loads the newest usable one,
 *       skipping and counting whatever is damaged, too old or incompatible. With a snapshot directory, snapshots
 *       run periodically and at close; with {@link Builder#restoreOnBuild(boolean)} the cache restores as it is
 *       built, before its first periodic snapshot, so a new process never replaces the last good generation with
 *       its own empty cache.</li>
 * </ul>
 *
 * <p>Thread-safe. Values must not be mutated after {@link #record}: they are encoded later, on a writer thread.
 *
 * @param <V> the value type
 */
public interface FailoverCache<V> extends AutoCloseable {

    /** Starts building a cache called {@code name} ({@link MetricNaming#NAME_PATTERN}; in file names and tags). */
    static <V> Builder<V> builder(String name, KryoCodec<V> codec) {
        return new Builder<>(name, codec);
    }

    /** The cache's name. */
    String name();

    /**
     * Queues {@code value} to be added to {@code key}'s set. Never blocks and never throws for a full queue, a full
     * store or an oversize value: those are counted (see {@link #stats()}). A {@code null} value is ignored.
     */
    void record(FailoverKey key, V value);

    /**
     * A random value of {@code key}'s set, decoded, or empty if the key holds none. Counts a "served" or "empty"
     * failover for the key's group.
     */
    Optional<V> sample(FailoverKey key);

    /** Writes a new snapshot generation now (a no-op report when no snapshot directory is configured). */
    SnapshotReport snapshot();

    /**
     * Loads the newest usable snapshot generation into the cache. Never throws; skips and counts corrupt, truncated,
     * too-old and incompatible records. Meant for start-up, before traffic: restored values join any already recorded.
     * Prefer {@link Builder#restoreOnBuild(boolean)}: called by hand, it must come before the first periodic
     * snapshot, which would otherwise become the newest generation and be what is restored.
     */
    RestoreReport restore();

    /** Current counters. */
    FailoverStats stats();

    /**
     * Waits up to {@code timeout} until the write queue is empty and the writers are idle; for tests, benchmarks and
     * shutdown. Returns whether it drained in time.
     */
    boolean awaitDrained(Duration timeout);

    /** Stops the writers (after draining what is queued), takes a final snapshot and frees the store. Idempotent. */
    @Override
    void close();

    /** The defaults of {@link Builder}, the one place they are written (Spring Boot's properties use them too). */
    final class Defaults {
        public static final long CAPACITY_BYTES = 64L * 1024 * 1024;
        public static final int SEGMENT_COUNT = 16;
        public static final long MAX_ENTRY_BYTES = 1024 * 1024;
        public static final int MAX_KEYS = 10_000;
        public static final int VALUES_PER_KEY = 16;
        public static final ReplacementPolicy REPLACEMENT_POLICY = ReplacementPolicy.OLDEST;
        public static final int QUEUE_CAPACITY = 1024;
        public static final int WRITER_THREADS = 1;
        public static final Duration SNAPSHOT_INTERVAL = Duration.ofSeconds(60);
        public static final Duration MAX_SNAPSHOT_AGE = Duration.ofHours(24);
        public static final int SNAPSHOTS_KEPT = 2;
        public static final boolean RESTORE_ON_BUILD = false;
        public static final StoreType STORE = StoreType.AUTO;

        private Defaults() {
        }
    }

    /** Builds a {@link FailoverCache}. Every setting has a default ({@link Defaults}); see docs/failover.md. */
    final class Builder<V> {
        /** Most values one key can keep. */
        public static final int MAX_VALUES_PER_KEY = 4096;

        final String name;
        final KryoCodec<V> codec;
        long capacityBytes = Defaults.CAPACITY_BYTES;
        int segmentCount = Defaults.SEGMENT_COUNT;
        long maxEntryBytes = Defaults.MAX_ENTRY_BYTES;
        int maxKeys = Defaults.MAX_KEYS;
        int valuesPerKey = Defaults.VALUES_PER_KEY;
        final Map<String, Integer> valuesPerGroup = new LinkedHashMap<>();
        ReplacementPolicy replacementPolicy = Defaults.REPLACEMENT_POLICY;
        int queueCapacity = Defaults.QUEUE_CAPACITY;
        int writerThreads = Defaults.WRITER_THREADS;
        Path snapshotDirectory;
        Duration snapshotInterval = Defaults.SNAPSHOT_INTERVAL;
        Duration maxSnapshotAge = Defaults.MAX_SNAPSHOT_AGE;
        int snapshotsKept = Defaults.SNAPSHOTS_KEPT;
        boolean restoreOnBuild = Defaults.RESTORE_ON_BUILD;
        StoreType storeType = Defaults.STORE;
        StatsRecorderFactory stats = StatsRecorderFactory.noop();
        Clock clock = Clock.systemUTC();
        SnapshotChannels channels = SnapshotChannels.FILES;
        java.util.function.Consumer<FailoverCache<?>> onBuild = c -> { };

        Builder(String name, KryoCodec<V> codec) {
            this.name = MetricNaming.requireName("failover cache name", name);
            this.codec = Objects.requireNonNull(codec, "codec");
        }

        /** Total store capacity in bytes (off-heap memory, or heap bytes for the heap store). Default 64 MiB. */
        public Builder<V> capacity(long bytes) {
            this.capacityBytes = positive(bytes, "capacity");
            return this;
        }

        /** OHC segment count (rounded up to a power of two); concurrency of the off-heap store. Default 16. */
        public Builder<V> segmentCount(int segments) {
            this.segmentCount = (int) positive(segments, "segmentCount");
            return this;
        }

        /** Largest encoded value accepted, in bytes; larger ones are counted and not stored. Default 1 MiB. */
        public Builder<V> maxEntrySize(long bytes) {
            this.maxEntryBytes = positive(bytes, "maxEntrySize");
            return this;
        }

        /** Most distinct keys held; values for further keys are counted rejections. Default 10 000. */
        public Builder<V> maxKeys(int keys) {
            this.maxKeys = (int) positive(keys, "maxKeys");
            return this;
        }

        /** Values kept per key unless a group pattern says otherwise (at most {@value #MAX_VALUES_PER_KEY}). Default 16. */
        public Builder<V> valuesPerKey(int values) {
            this.valuesPerKey = valuesPerKeyChecked(values);
            return this;
        }

        /**
         * Values kept per key for keys whose group matches {@code groupPattern}: an exact group name, or a glob where
         * {@code *} matches any run of characters (e.g. {@code "dest*"}). The first matching pattern, in the order
         * added, wins.
         */
        public Builder<V> valuesPerKey(String groupPattern, int values) {
            Objects.requireNonNull(groupPattern, "groupPattern");
            valuesPerGroup.put(groupPattern, valuesPerKeyChecked(values));
            return this;
        }

        /** Which value a new one replaces when a key is full. Default {@link ReplacementPolicy#OLDEST}. */
        public Builder<V> replacementPolicy(ReplacementPolicy policy) {
            this.replacementPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Write queue capacity; records beyond it are discarded and counted. Default 1024. */
        public Builder<V> queueCapacity(int records) {
            this.queueCapacity = (int) positive(records, "queueCapacity");
            return this;
        }

        /** Writer threads draining the queue. Default 1. */
        public Builder<V> writerThreads(int threads) {
            this.writerThreads = (int) positive(threads, "writerThreads");
            return this;
        }

        /** Directory for snapshot files; {@code null} (the default) disables snapshots and restore. */
        public Builder<V> snapshotDirectory(Path directory) {
            this.snapshotDirectory = directory;
            return this;
        }

        /** Period of automatic snapshots; zero disables them (a final one is still taken at close). Default 60 s. */
        public Builder<V> snapshotInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("snapshotInterval must not be negative");
            }
            this.snapshotInterval = interval;
            return this;
        }

        /**
         * Whether {@link #build()} restores the newest snapshot generation before it returns and before the periodic
         * snapshots start (the restore is logged and counted, never thrown). Default false; the Spring Boot factory
         * sets it from {@code glasscache.failover.restore-on-startup} (true), so caches built as beans are restored
         * before the web server opens its port.
         */
        public Builder<V> restoreOnBuild(boolean restore) {
            this.restoreOnBuild = restore;
            return this;
        }

        /** Records older than this are skipped at restore. Default 24 h. */
        public Builder<V> maxSnapshotAge(Duration age) {
            Objects.requireNonNull(age, "age");
            if (age.isNegative() || age.isZero()) {
                throw new IllegalArgumentException("maxSnapshotAge must be positive");
            }
            this.maxSnapshotAge = age;
            return this;
        }

        /** Snapshot generations kept on disk (the newest and its predecessors). At least 2; default 2. */
        public Builder<V> snapshotsKept(int generations) {
            if (generations < 2) {
                throw new IllegalArgumentException("snapshotsKept must be at least 2");
            }
            this.snapshotsKept = generations;
            return this;
        }

        /** Where values live. Default {@link StoreType#AUTO}. */
        public Builder<V> store(StoreType type) {
            this.storeType = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * Where the cache and its guards report their events, e.g. {@code MicrometerStats.of(registry)}. Default:
         * nowhere (the counters stay available through {@link FailoverCache#stats()}). A recorder that throws is
         * caught and counted, never breaks a read or a write.
         */
        public Builder<V> recordStats(StatsRecorderFactory stats) {
            this.stats = Objects.requireNonNull(stats, "stats");
            return this;
        }

        /** Clock for record timestamps and snapshot ages (tests). */
        Builder<V> clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Opens snapshot files (tests inject failing writes). */
        Builder<V> snapshotChannels(SnapshotChannels channels) {
            this.channels = Objects.requireNonNull(channels, "channels");
            return this;
        }

        /** Called with each cache this builder builds (the factory registers it). */
        Builder<V> onBuild(java.util.function.Consumer<FailoverCache<?>> hook) {
            this.onBuild = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /**
         * Builds and starts the cache: its writer threads, then, if configured, the restore and the snapshot
         * schedule.
         */
        public FailoverCache<V> build() {
            FailoverCache<V> cache = new DefaultFailoverCache<>(this);
            onBuild.accept(cache);
            return cache;
        }

        private static int valuesPerKeyChecked(int values) {
            if (values <= 0 || values > MAX_VALUES_PER_KEY) {
                throw new IllegalArgumentException("valuesPerKey must be in 1.." + MAX_VALUES_PER_KEY + ": " + values);
            }
            return values;
        }

        private static long positive(long value, String what) {
            if (value <= 0) {
                throw new IllegalArgumentException(what + " must be positive: " + value);
            }
            return value;
        }
    }
}
