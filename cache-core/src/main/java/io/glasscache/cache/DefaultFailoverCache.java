package io.glasscache.cache;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.glasscache.cache.codec.CodecException;
import io.glasscache.cache.codec.KryoCodec;
import io.glasscache.cache.stats.FailoverState;
import io.glasscache.cache.stats.RecordOutcome;
import io.glasscache.cache.store.FailoverStore;
import io.glasscache.cache.store.Stores;

/**
 * The {@link FailoverCache}: values go through the {@link FailoverWriter}'s queue into the {@link FailoverSlots}
 * over a byte store (off-heap or heap, {@link Stores}); {@link FailoverSnapshots} writes and restores them. This
 * class wires them, counts, and owns the lifecycle.
 */
final class DefaultFailoverCache<V> implements FailoverCache<V> {

    private static final Logger log = LoggerFactory.getLogger(DefaultFailoverCache.class);

    private final String name;
    private final KryoCodec<V> codec;
    private final Function<ByteBuffer, V> decoder;
    private final FailoverStore store;
    private final FailoverSlots slots;
    private final FailoverWriter<V> writer;
    private final FailoverSnapshots snapshots;
    private final GuardedFailoverStats stats;
    private final RateLimitedLog warnings = new RateLimitedLog(log);
    private final long maxEntryBytes;
    private final int maxKeys;
    private final Clock clock;
    private final LongAdder[] outcomes = new LongAdder[RecordOutcome.values().length];
    private final LongAdder served = new LongAdder();
    private final LongAdder empty = new LongAdder();
    private final LongAdder corruptReads = new LongAdder();
    private final LongAdder inFlightReads = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object snapshotLock = new Object();
    private final ScheduledExecutorService scheduler;
    private volatile boolean storeClosed;

    DefaultFailoverCache(Builder<V> b) {
        this.name = b.name;
        this.codec = b.codec;
        this.decoder = codec::decode;
        this.maxEntryBytes = b.maxEntryBytes;
        this.maxKeys = b.maxKeys;
        this.clock = b.clock;
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = new LongAdder();
        }
        this.store = switch (b.storeType) {
            case HEAP -> Stores.heap(b.capacityBytes, b.maxEntryBytes);
            case OFF_HEAP -> Stores.offHeap(name, b.capacityBytes, b.segmentCount, b.maxEntryBytes);
            case AUTO -> Stores.offHeapOrHeap(name, b.capacityBytes, b.segmentCount, b.maxEntryBytes);
        };
        this.slots = new FailoverSlots(store, b.valuesPerKey, b.valuesPerGroup, b.maxKeys, b.replacementPolicy);
        this.stats = new GuardedFailoverStats(b.stats.failoverCache(name), name);
        this.snapshots = b.snapshotDirectory == null ? null : new FailoverSnapshots(name, b.snapshotDirectory,
                b.snapshotsKept, b.maxSnapshotAge, clock, b.channels, codec, maxEntryBytes, slots, stats, warnings);
        this.writer = new FailoverWriter<>(name, b.queueCapacity, b.writerThreads, this::write,
                e -> warnings.warn("writer-error", "Failover cache {}: unexpected writer error", name, e));
        stats.bindState(new State());
        log.info("Failover cache {}: {} store, capacity {} bytes, {} values per key, {} replacement, snapshots {}",
                name, store.offHeap() ? "OFF_HEAP" : "HEAP", store.capacityBytes(), b.valuesPerKey,
                b.replacementPolicy, snapshots == null ? "off" : "in " + snapshots.directory().toAbsolutePath());
        if (snapshots != null && b.restoreOnBuild) {
            restore(); // before the schedule: its first snapshot must not become the newest generation
        }
        if (snapshots != null && !b.snapshotInterval.isZero()) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "glasscache-failover-" + name + "-snapshot");
                t.setDaemon(true);
                return t;
            });
            long period = b.snapshotInterval.toMillis();
            scheduler.scheduleWithFixedDelay(this::scheduledSnapshot, period, period, TimeUnit.MILLISECONDS);
        } else {
            scheduler = null;
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** The guarded recorder, for the guards over this cache. */
    GuardedFailoverStats recorder() {
        return stats;
    }

    @Override
    public void record(FailoverKey key, V value) {
        if (key == null || value == null) {
            return;
        }
        if (writer.offer(new FailoverWriter.Task<>(key, value, clock.millis()))) {
            count(RecordOutcome.ACCEPTED);
        } else {
            count(RecordOutcome.DROPPED);
            if (!closed.get()) {
                warnings.warn("queue-full", "Failover cache {}: write queue full, records discarded", name);
            }
        }
    }

    private void write(FailoverWriter.Task<V> task) {
        long start = System.nanoTime();
        byte[] payload;
        try {
            payload = codec.encode(task.value());
        } catch (CodecException e) {
            count(RecordOutcome.REJECTED_ENCODE);
            warnings.warn("encode", "Failover cache {}: cannot encode a {} value: {}", name,
                    task.value().getClass().getName(), e.getMessage());
            return;
        }
        switch (slots.insert(task.key(), task.recordedAt(), payload)) {
            case STORED -> count(RecordOutcome.STORED);
            case TOO_LARGE -> {
                count(RecordOutcome.REJECTED_TOO_LARGE);
                warnings.warn("too-large", "Failover cache {}: a value of {} bytes exceeds the maximum entry size "
                        + "of {} bytes (key group {}); not stored", name, payload.length, maxEntryBytes,
                        task.key().group());
            }
            case FULL -> {
                count(RecordOutcome.REJECTED_STORE_FULL);
                warnings.warn("store-full", "Failover cache {}: store full ({} of {} bytes used); value not stored",
                        name, store.usedBytes(), store.capacityBytes());
            }
            case MAX_KEYS -> {
                count(RecordOutcome.REJECTED_MAX_KEYS);
                warnings.warn("max-keys", "Failover cache {}: already holds its maximum of {} keys; values for "
                        + "new keys are not stored", name, maxKeys);
            }
        }
        stats.recordWrite(System.nanoTime() - start);
    }

    private void count(RecordOutcome outcome) {
        outcomes[outcome.ordinal()].increment();
        stats.recordRecord(outcome);
    }

    @Override
    public Optional<V> sample(FailoverKey key) {
        long start = System.nanoTime();
        inFlightReads.increment();
        V value = null;
        try {
            if (!closed.get()) {
                value = slots.sample(key, decoder, this::corrupt);
            }
        } finally {
            inFlightReads.decrement();
        }
        (value != null ? served : empty).increment();
        stats.recordSample(key.group(), value != null, System.nanoTime() - start);
        return Optional.ofNullable(value);
    }

    private void corrupt(CodecException e) {
        corruptReads.increment();
        stats.recordCorruptRead();
        warnings.warn("decode", "Failover cache {}: a stored value failed to decode and was dropped: {}", name,
                e.getMessage());
    }

    private void scheduledSnapshot() {
        try {
            snapshot();
        } catch (Throwable t) { // never let the schedule die
            log.warn("Failover cache {}: scheduled snapshot failed", name, t);
        }
    }

    @Override
    public SnapshotReport snapshot() {
        if (snapshots == null) {
            return new SnapshotReport(name, false, null, -1, 0, 0, Duration.ZERO, "no snapshot directory configured");
        }
        synchronized (snapshotLock) {
            if (storeClosed) {
                return new SnapshotReport(name, false, null, -1, 0, 0, Duration.ZERO, "cache closed");
            }
            return snapshots.write();
        }
    }

    @Override
    public RestoreReport restore() {
        if (snapshots == null) {
            return new RestoreReport(name, null, -1, null, 0, 0, 0, 0, 0, 0, Duration.ZERO,
                    List.of("no snapshot directory configured"));
        }
        synchronized (snapshotLock) {
            return closed.get() ? snapshots.empty(System.nanoTime(), List.of("cache closed")) : snapshots.restore();
        }
    }

    @Override
    public FailoverStats stats() {
        return new FailoverStats(sum(RecordOutcome.ACCEPTED), sum(RecordOutcome.DROPPED), sum(RecordOutcome.STORED),
                sum(RecordOutcome.REJECTED_TOO_LARGE), sum(RecordOutcome.REJECTED_STORE_FULL),
                sum(RecordOutcome.REJECTED_MAX_KEYS), sum(RecordOutcome.REJECTED_ENCODE), served.sum(), empty.sum(),
                corruptReads.sum(), writer.pending(), slots.keys(), slots.entries(),
                storeClosed ? 0 : store.usedBytes(), store.capacityBytes(),
                store.offHeap() ? StoreType.OFF_HEAP : StoreType.HEAP);
    }

    private long sum(RecordOutcome outcome) {
        return outcomes[outcome.ordinal()].sum();
    }

    @Override
    public boolean awaitDrained(Duration timeout) {
        return writer.awaitDrained(timeout);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean writersStopped = writer.stop();
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (snapshots != null) {
            synchronized (snapshotLock) {
                SnapshotReport last = snapshots.write();
                if (last.success()) {
                    log.info("Failover cache {}: final snapshot {} ({} records)", name, last.file(), last.records());
                }
            }
        }
        stats.close();
        // Off-heap memory must not be freed under a reader or writer still touching it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (inFlightReads.sum() > 0 && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
        if (writersStopped && inFlightReads.sum() == 0) {
            synchronized (snapshotLock) {
                storeClosed = true;
                store.close();
            }
        } else {
            log.warn("Failover cache {}: writers or readers still busy at close; store memory left to the JVM", name);
        }
    }

    /** What gauges read. */
    private final class State implements FailoverState {
        @Override
        public long keys() {
            return slots.keys();
        }

        @Override
        public long entries() {
            return slots.entries();
        }

        @Override
        public long queued() {
            return writer.pending();
        }

        @Override
        public long usedBytes() {
            return storeClosed ? 0 : store.usedBytes();
        }

        @Override
        public long capacityBytes() {
            return store.capacityBytes();
        }

        @Override
        public String storeTag() {
            return store.offHeap() ? "off_heap" : "heap";
        }

        @Override
        public long lastSnapshotBytes() {
            return snapshots == null ? 0 : snapshots.lastBytes.get();
        }

        @Override
        public long lastSnapshotRecords() {
            return snapshots == null ? 0 : snapshots.lastRecords.get();
        }

        @Override
        public long lastSnapshotSuccessMillis() {
            return snapshots == null ? 0 : snapshots.lastSuccessMillis.get();
        }

        @Override
        public long restoredSnapshotAgeMillis() {
            return snapshots == null ? -1 : snapshots.restoredAgeMillis.get();
        }
    }
}
