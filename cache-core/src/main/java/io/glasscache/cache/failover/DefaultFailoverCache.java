package io.glasscache.cache.failover;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.glasscache.cache.CodecException;
import io.glasscache.cache.KryoCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FailoverCache}: an on-heap index of keys and their value slots over a byte {@link FailoverStore}.
 * Slot {@code i} of a key lives in the store under the key's bytes plus {@code i}; the index keeps, per slot, when
 * its value was recorded ({@code 0} = empty), which drives OLDEST replacement, sampling and snapshot timestamps.
 */
final class DefaultFailoverCache<V> implements FailoverCache<V> {

    private static final Logger log = LoggerFactory.getLogger(DefaultFailoverCache.class);
    private static final Duration WRITER_STOP_TIMEOUT = Duration.ofSeconds(10);
    /** Room for a record body's fixed fields and the longest key, on top of the payload. */
    private static final int BODY_OVERHEAD = 4 + 8 + 2 + FailoverKey.MAX_GROUP_BYTES + 2
            + FailoverKey.MAX_SEGMENT_BYTES + 4;

    private final String name;
    private final KryoCodec<V> codec;
    private final Function<ByteBuffer, V> decoder;
    private final FailoverStore store;
    private final FailoverMetrics metrics;
    private final RateLimitedLog warnings = new RateLimitedLog(log);
    private final ConcurrentHashMap<FailoverKey, KeySlots> index = new ConcurrentHashMap<>();
    private final List<Map.Entry<Pattern, Integer>> valuesPerGroup = new ArrayList<>();
    private final int valuesPerKey;
    private final int maxKeys;
    private final long maxEntryBytes;
    private final ReplacementPolicy policy;
    private final BlockingQueue<Task<V>> queue;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong entries = new AtomicLong();
    private final List<Thread> writers = new ArrayList<>();
    private final LongAdder inFlightReads = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile boolean storeClosed;

    private final Path snapshotDirectory;
    private final Duration maxSnapshotAge;
    private final int snapshotsKept;
    private final Clock clock;
    private final SnapshotChannels channels;
    private final Object snapshotLock = new Object();
    private final Pattern snapshotName;
    private final ScheduledExecutorService scheduler;
    private long lastGeneration = -1; // guarded by snapshotLock

    DefaultFailoverCache(Builder<V> b) {
        this.name = b.name;
        this.codec = b.codec;
        this.decoder = codec::decode;
        this.valuesPerKey = b.valuesPerKey;
        b.valuesPerGroup.forEach((glob, n) -> valuesPerGroup.add(Map.entry(globToRegex(glob), n)));
        this.maxKeys = b.maxKeys;
        this.maxEntryBytes = b.maxEntryBytes;
        this.policy = b.replacementPolicy;
        this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
        this.snapshotDirectory = b.snapshotDirectory;
        this.maxSnapshotAge = b.maxSnapshotAge;
        this.snapshotsKept = b.snapshotsKept;
        this.clock = b.clock;
        this.channels = b.channels;
        this.snapshotName = Pattern.compile(Pattern.quote(name) + "\\.(\\d{1,19})\\.snap");
        this.store = Stores.open(name, b.storeType, b.capacityBytes, b.segmentCount, b.maxEntryBytes);
        this.metrics = new FailoverMetrics(name, b.meterRegistry, b.metricsPrefix, b.maxMetricGroups);
        metrics.bindCache(this, c -> c.index.size(), c -> c.entries.get(), c -> c.pending.get(), store);
        for (int i = 0; i < b.writerThreads; i++) {
            Thread writer = new Thread(this::drain, "glasscache-failover-" + name + "-writer-" + i);
            writer.setDaemon(true);
            writers.add(writer);
            writer.start();
        }
        if (snapshotDirectory != null && !b.snapshotInterval.isZero()) {
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
        log.info("Failover cache {}: {} store, capacity {} bytes, {} values per key, {} replacement, snapshots {}",
                name, store.type(), store.capacityBytes(), valuesPerKey, policy,
                snapshotDirectory == null ? "off" : "in " + snapshotDirectory.toAbsolutePath());
    }

    @Override
    public String name() {
        return name;
    }

    // ------------------------------------------------------------------------------------------------ writes

    @Override
    public void record(FailoverKey key, V value) {
        if (key == null || value == null) {
            return;
        }
        if (stopping) {
            metrics.dropped.increment();
            return;
        }
        pending.incrementAndGet();
        if (queue.offer(new Task<>(key, value, millis()))) {
            metrics.accepted.increment();
        } else {
            pending.decrementAndGet();
            metrics.dropped.increment();
            warnings.warn("queue-full", "Failover cache {}: write queue full, records discarded", name);
        }
    }

    private void drain() {
        while (true) {
            Task<V> task;
            try {
                task = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (task == null) {
                if (stopping) {
                    return;
                }
                continue;
            }
            try {
                write(task);
            } catch (RuntimeException e) {
                warnings.warn("writer-error", "Failover cache {}: unexpected writer error", name, e);
            } finally {
                pending.decrementAndGet();
            }
        }
    }

    private void write(Task<V> task) {
        long start = System.nanoTime();
        byte[] payload;
        try {
            payload = codec.encode(task.value);
        } catch (CodecException e) {
            metrics.encodeFailures.increment();
            warnings.warn("encode", "Failover cache {}: cannot encode a {} value: {}", name,
                    task.value.getClass().getName(), e.getMessage());
            return;
        }
        Outcome outcome = insert(task.key, task.recordedAt, payload);
        switch (outcome) {
            case STORED -> metrics.stored.increment();
            case TOO_LARGE -> {
                metrics.rejectedTooLarge.increment();
                warnings.warn("too-large", "Failover cache {}: a value of {} bytes exceeds the maximum entry size "
                        + "of {} bytes (key group {}); not stored", name, payload.length, maxEntryBytes,
                        task.key.group());
            }
            case FULL -> {
                metrics.rejectedFull.increment();
                warnings.warn("store-full", "Failover cache {}: store full ({} of {} bytes used); value not stored",
                        name, store.usedBytes(), store.capacityBytes());
            }
            case MAX_KEYS -> {
                metrics.rejectedMaxKeys.increment();
                warnings.warn("max-keys", "Failover cache {}: already holds its maximum of {} keys; values for "
                        + "new keys are not stored", name, maxKeys);
            }
        }
        metrics.recordWrite(System.nanoTime() - start);
    }

    private enum Outcome { STORED, TOO_LARGE, FULL, MAX_KEYS }

    /** Puts {@code payload} into one of {@code key}'s slots (writer threads and restore). */
    private Outcome insert(FailoverKey key, long recordedAt, byte[] payload) {
        KeySlots slots = index.get(key);
        if (slots == null) {
            synchronized (index) {
                slots = index.get(key);
                if (slots == null) {
                    if (index.size() >= maxKeys) {
                        return Outcome.MAX_KEYS;
                    }
                    slots = new KeySlots(key, valuesFor(key.group()));
                    index.put(key, slots);
                }
            }
        }
        synchronized (slots) {
            int slot = chooseSlot(slots);
            byte[] storeKey = slots.storeKey(slot);
            boolean wasFilled = slots.recordedAt.get(slot) != 0;
            FailoverStore.PutResult result = store.put(storeKey, payload);
            if (result == FailoverStore.PutResult.STORED) {
                slots.recordedAt.set(slot, Math.max(1, recordedAt));
                if (!wasFilled) {
                    entries.incrementAndGet();
                }
                return Outcome.STORED;
            }
            if (wasFilled && store.get(storeKey) == null) { // a failed replacement may have freed the old value
                slots.recordedAt.set(slot, 0);
                entries.decrementAndGet();
            }
            return result == FailoverStore.PutResult.TOO_LARGE ? Outcome.TOO_LARGE : Outcome.FULL;
        }
    }

    private int chooseSlot(KeySlots slots) {
        int n = slots.recordedAt.length();
        int oldest = 0;
        long oldestAt = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            long at = slots.recordedAt.get(i);
            if (at == 0) {
                return i;
            }
            if (at < oldestAt) {
                oldestAt = at;
                oldest = i;
            }
        }
        return policy == ReplacementPolicy.OLDEST ? oldest : ThreadLocalRandom.current().nextInt(n);
    }

    private int valuesFor(String group) {
        for (Map.Entry<Pattern, Integer> entry : valuesPerGroup) {
            if (entry.getKey().matcher(group).matches()) {
                return entry.getValue();
            }
        }
        return valuesPerKey;
    }

    /** An exact group name, or a glob where {@code *} matches any run of characters. */
    static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        String[] parts = glob.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            if (!parts[i].isEmpty()) {
                regex.append(Pattern.quote(parts[i]));
            }
        }
        return Pattern.compile(regex.toString());
    }

    // ------------------------------------------------------------------------------------------------ reads

    @Override
    public Optional<V> sample(FailoverKey key) {
        long start = System.nanoTime();
        inFlightReads.increment();
        try {
            if (!closed.get()) {
                KeySlots slots = index.get(key);
                if (slots != null) {
                    V value = sampleSlots(slots);
                    if (value != null) {
                        metrics.served(key.group());
                        return Optional.of(value);
                    }
                }
            }
            metrics.empty(key.group());
            return Optional.empty();
        } finally {
            inFlightReads.decrement();
            metrics.recordSample(System.nanoTime() - start);
        }
    }

    private V sampleSlots(KeySlots slots) {
        int n = slots.recordedAt.length();
        int first = ThreadLocalRandom.current().nextInt(n);
        for (int i = 0; i < n; i++) {
            int slot = (first + i) % n;
            if (slots.recordedAt.get(slot) == 0) {
                continue;
            }
            byte[] storeKey = slots.storeKey(slot);
            try {
                V value = store.read(storeKey, decoder); // no byte[] allocated for the stored bytes
                if (value == null) {
                    continue;
                }
                return value;
            } catch (CodecException e) {
                metrics.corruptReads.increment();
                warnings.warn("decode", "Failover cache {}: a stored value failed to decode and was dropped: {}",
                        name, e.getMessage());
                synchronized (slots) {
                    if (slots.recordedAt.get(slot) != 0) {
                        store.remove(storeKey);
                        slots.recordedAt.set(slot, 0);
                        entries.decrementAndGet();
                    }
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------ snapshots

    private void scheduledSnapshot() {
        try {
            snapshot();
        } catch (Throwable t) { // never let the schedule die
            log.warn("Failover cache {}: scheduled snapshot failed", name, t);
        }
    }

    @Override
    public SnapshotReport snapshot() {
        if (snapshotDirectory == null) {
            return new SnapshotReport(name, false, null, -1, 0, 0, Duration.ZERO, "no snapshot directory configured");
        }
        synchronized (snapshotLock) {
            if (storeClosed) {
                return new SnapshotReport(name, false, null, -1, 0, 0, Duration.ZERO, "cache closed");
            }
            return writeSnapshot();
        }
    }

    private SnapshotReport writeSnapshot() {
        long start = System.nanoTime();
        Path tmp = null;
        long generation = -1;
        try {
            Files.createDirectories(snapshotDirectory);
            generation = nextGeneration();
            tmp = snapshotDirectory.resolve(fileName(generation) + ".tmp");
            Files.deleteIfExists(tmp);
            long createdAt = millis();
            long records;
            long bytes;
            try (SnapshotFile.Writer writer = new SnapshotFile.Writer(channels.create(tmp), codec.schemaId(),
                    createdAt)) {
                for (KeySlots slots : index.values()) {
                    for (int i = 0; i < slots.recordedAt.length(); i++) {
                        long at = slots.recordedAt.get(i);
                        if (at == 0) {
                            continue;
                        }
                        byte[] value = store.get(slots.storeKey(i));
                        if (value != null) {
                            writer.write(slots.group, slots.segment, at, value, 0, value.length);
                        }
                    }
                }
                writer.finish();
                records = writer.records();
                bytes = writer.bytes();
            }
            Path target = snapshotDirectory.resolve(fileName(generation));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            syncDirectory();
            lastGeneration = generation;
            pruneGenerations();
            long took = System.nanoTime() - start;
            metrics.recordSnapshot(true, took);
            metrics.lastSnapshotBytes.set(bytes);
            metrics.lastSnapshotRecords.set(records);
            metrics.lastSnapshotSuccessMillis.set(millis());
            log.debug("Failover cache {}: snapshot {} written, {} records, {} bytes", name, target, records, bytes);
            return new SnapshotReport(name, true, target, generation, records, bytes, Duration.ofNanos(took), null);
        } catch (IOException | RuntimeException e) {
            long took = System.nanoTime() - start;
            metrics.recordSnapshot(false, took);
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            warnings.warn("snapshot", "Failover cache {}: snapshot into {} failed, previous snapshots kept: {}", name,
                    snapshotDirectory, e.toString());
            return new SnapshotReport(name, false, null, generation, 0, 0, Duration.ofNanos(took), e.toString());
        }
    }

    private String fileName(long generation) {
        return String.format("%s.%019d.snap", name, generation);
    }

    private long nextGeneration() throws IOException {
        long max = lastGeneration;
        for (Generation g : generations()) {
            max = Math.max(max, g.number);
        }
        // Stale temporary files from a crashed process would otherwise pile up.
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(snapshotDirectory, name + ".*.snap.tmp")) {
            for (Path stale : stream) {
                Files.deleteIfExists(stale);
            }
        }
        return max + 1;
    }

    private record Generation(long number, Path path) {
    }

    /** Snapshot files of this cache, newest first. */
    private List<Generation> generations() throws IOException {
        List<Generation> found = new ArrayList<>();
        if (!Files.isDirectory(snapshotDirectory)) {
            return found;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(snapshotDirectory, name + ".*.snap")) {
            for (Path path : stream) {
                Matcher m = snapshotName.matcher(path.getFileName().toString());
                if (m.matches()) {
                    found.add(new Generation(Long.parseLong(m.group(1)), path));
                }
            }
        }
        found.sort(Comparator.comparingLong(Generation::number).reversed());
        return found;
    }

    private void pruneGenerations() throws IOException {
        List<Generation> all = generations();
        for (int i = snapshotsKept; i < all.size(); i++) {
            Files.deleteIfExists(all.get(i).path);
        }
    }

    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(snapshotDirectory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | RuntimeException e) {
            // Some file systems cannot sync a directory; the rename is still atomic.
            log.debug("Failover cache {}: could not fsync {}: {}", name, snapshotDirectory, e.toString());
        }
    }

    // ------------------------------------------------------------------------------------------------ restore

    @Override
    public RestoreReport restore() {
        long start = System.nanoTime();
        if (snapshotDirectory == null) {
            return emptyReport(start, List.of("no snapshot directory configured"));
        }
        synchronized (snapshotLock) {
            if (closed.get()) {
                return emptyReport(start, List.of("cache closed"));
            }
            try {
                return restoreNewest(start);
            } catch (IOException | RuntimeException e) {
                log.warn("Failover cache {}: restore from {} failed; starting empty", name, snapshotDirectory, e);
                return emptyReport(start, List.of("restore failed: " + e));
            }
        }
    }

    private RestoreReport restoreNewest(long start) throws IOException {
        List<Generation> all = generations();
        if (all.isEmpty()) {
            RestoreReport report = emptyReport(start, List.of("no snapshot in " + snapshotDirectory));
            log.info("Failover cache {}: no snapshot to restore in {}", name, snapshotDirectory.toAbsolutePath());
            return report;
        }
        // The newest complete generation wins; if none is complete, the newest with a readable header.
        Map<Generation, SnapshotFile.Tally> inspected = new LinkedHashMap<>();
        Generation chosen = null;
        for (Generation g : all) {
            SnapshotFile.Tally tally = SnapshotFile.inspect(g.path);
            inspected.put(g, tally);
            if (tally.headerValid && tally.formatVersion == SnapshotFile.FORMAT_VERSION && tally.complete) {
                chosen = g;
                break;
            }
        }
        if (chosen == null) {
            chosen = inspected.entrySet().stream()
                    .filter(e -> e.getValue().headerValid && e.getValue().formatVersion == SnapshotFile.FORMAT_VERSION)
                    .map(Map.Entry::getKey).findFirst().orElse(null);
        }
        long corrupt = 0;
        long truncated = 0;
        long incompatible = 0;
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Generation, SnapshotFile.Tally> e : inspected.entrySet()) {
            if (e.getKey() == chosen) {
                break;
            }
            SnapshotFile.Tally t = e.getValue();
            problems.addAll(t.problems);
            if (!t.headerValid) {
                corrupt++;
            } else if (t.formatVersion != SnapshotFile.FORMAT_VERSION) {
                incompatible++;
            } else {
                truncated++;
                problems.add(e.getKey().path.getFileName() + ": incomplete (no valid footer), skipped for an "
                        + "older complete generation");
            }
        }
        if (chosen == null) {
            RestoreReport report = report(start, null, -1, null, new SnapshotFile.Tally(), corrupt, truncated,
                    incompatible, problems);
            log.warn("Failover cache {}: no usable snapshot in {} ({}); starting empty", name, snapshotDirectory,
                    problems);
            return report;
        }
        long now = millis();
        SnapshotFile.Tally tally = SnapshotFile.read(chosen.path, codec.schemaId(), now - maxSnapshotAge.toMillis(),
                (int) Math.min(Integer.MAX_VALUE - 64, maxEntryBytes + BODY_OVERHEAD), this::restoreEntry);
        problems.addAll(tally.problems);
        if (!tally.complete) {
            problems.add(chosen.path.getFileName() + ": incomplete (no valid footer), restored what was readable");
        }
        if (tally.schemaId != codec.schemaId()) {
            problems.add(chosen.path.getFileName() + ": written with schema id " + tally.schemaId + ", this build has "
                    + codec.schemaId() + " (incompatible records skipped)");
        }
        Duration age = Duration.ofMillis(Math.max(0, now - tally.createdAt));
        RestoreReport report = report(start, chosen.path, chosen.number, age, tally, corrupt, truncated, incompatible,
                problems);
        if (report.skipped() > 0) {
            log.warn("Failover cache {}: restored {} values from {} (age {}), skipped {}: {}", name,
                    report.restored(), chosen.path, age, report.skipped(), problems);
        } else {
            log.info("Failover cache {}: restored {} values from {} (age {})", name, report.restored(), chosen.path,
                    age);
        }
        return report;
    }

    private SnapshotFile.Accepted restoreEntry(SnapshotFile.Entry entry) {
        try {
            codec.decode(entry.payload()); // CRC-valid but undecodable: never let it be served
        } catch (CodecException e) {
            return SnapshotFile.Accepted.CORRUPT;
        }
        return insert(entry.key(), entry.recordedAt(), entry.payload()) == Outcome.STORED
                ? SnapshotFile.Accepted.RESTORED : SnapshotFile.Accepted.REJECTED;
    }

    private RestoreReport report(long start, Path file, long generation, Duration age, SnapshotFile.Tally t,
                                 long filesCorrupt, long filesTruncated, long filesIncompatible,
                                 List<String> problems) {
        RestoreReport report = new RestoreReport(name, file, generation, age, t.restored, t.corrupt + filesCorrupt,
                t.truncated + filesTruncated, t.tooOld, t.incompatible + filesIncompatible, t.rejected,
                Duration.ofNanos(System.nanoTime() - start), problems);
        metrics.restored.add(report.restored());
        metrics.restoreCorrupt.add(report.skippedCorrupt());
        metrics.restoreTruncated.add(report.skippedTruncated());
        metrics.restoreTooOld.add(report.skippedTooOld());
        metrics.restoreIncompatible.add(report.skippedIncompatible());
        metrics.restoreRejected.add(report.skippedRejected());
        if (age != null) {
            metrics.lastRestoreSnapshotAgeMillis.set(age.toMillis());
        }
        return report;
    }

    private RestoreReport emptyReport(long start, List<String> problems) {
        return new RestoreReport(name, null, -1, null, 0, 0, 0, 0, 0, 0, Duration.ofNanos(System.nanoTime() - start),
                problems);
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    @Override
    public FailoverStats stats() {
        return new FailoverStats(metrics.accepted.sum(), metrics.dropped.sum(), metrics.stored.sum(),
                metrics.rejectedTooLarge.sum(), metrics.rejectedFull.sum(), metrics.rejectedMaxKeys.sum(),
                metrics.encodeFailures.sum(), metrics.served.sum(), metrics.empty.sum(), metrics.corruptReads.sum(),
                pending.get(), index.size(), entries.get(), storeClosed ? 0 : store.usedBytes(),
                store.capacityBytes(), store.type());
    }

    @Override
    public boolean awaitDrained(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        boolean writersStopped = stopWriters();
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (snapshotDirectory != null) {
            synchronized (snapshotLock) {
                SnapshotReport last = writeSnapshot();
                if (last.success()) {
                    log.info("Failover cache {}: final snapshot {} ({} records)", name, last.file(), last.records());
                }
            }
        }
        metrics.close();
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

    private boolean stopWriters() {
        long deadline = System.nanoTime() + WRITER_STOP_TIMEOUT.toNanos();
        for (Thread writer : writers) {
            try {
                writer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (writer.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private long millis() {
        return clock.millis();
    }

    private record Task<V>(FailoverKey key, V value, long recordedAt) {
    }

    /** One key's value slots: store-key prefix and when each slot was recorded (0 = empty). */
    static final class KeySlots {
        final byte[] group;
        final byte[] segment;
        final byte[] prefix;
        final AtomicLongArray recordedAt;

        KeySlots(FailoverKey key, int values) {
            this.group = key.group().getBytes(StandardCharsets.UTF_8);
            this.segment = key.segment().getBytes(StandardCharsets.UTF_8);
            this.prefix = ByteBuffer.allocate(4 + group.length + segment.length)
                    .putShort((short) group.length).put(group).putShort((short) segment.length).put(segment)
                    .array();
            this.recordedAt = new AtomicLongArray(values);
        }

        byte[] storeKey(int slot) {
            byte[] key = new byte[prefix.length + 2];
            System.arraycopy(prefix, 0, key, 0, prefix.length);
            key[prefix.length] = (byte) (slot >>> 8);
            key[prefix.length + 1] = (byte) slot;
            return key;
        }
    }
}
