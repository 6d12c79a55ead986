package io.glasscache.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.glasscache.cache.codec.CodecException;
import io.glasscache.cache.codec.KryoCodec;
import io.glasscache.cache.snapshot.SnapshotChannels;
import io.glasscache.cache.snapshot.SnapshotFile;
import io.glasscache.cache.snapshot.SnapshotGenerations;
import io.glasscache.cache.snapshot.SnapshotGenerations.Generation;
import io.glasscache.cache.stats.RestoreOutcome;

/**
 * A failover cache's snapshots: writing a new generation (temporary file, fsync, atomic rename, older generations
 * pruned) and restoring the newest usable one at start-up, skipping and counting whatever is damaged, too old or
 * incompatible. Never throws: failures are reported, counted and logged. Callers serialize the two.
 */
final class FailoverSnapshots {

    private static final Logger log = LoggerFactory.getLogger(FailoverSnapshots.class);
    /** Room for a record body's fixed fields and the longest key, on top of the payload. */
    private static final int BODY_OVERHEAD = 4 + 8 + 2 + FailoverKey.MAX_GROUP_BYTES + 2
            + FailoverKey.MAX_SEGMENT_BYTES + 4;

    final AtomicLong lastBytes = new AtomicLong();
    final AtomicLong lastRecords = new AtomicLong();
    final AtomicLong lastSuccessMillis = new AtomicLong();
    final AtomicLong restoredAgeMillis = new AtomicLong(-1);

    private final String name;
    private final SnapshotGenerations generations;
    private final Duration maxAge;
    private final Clock clock;
    private final SnapshotChannels channels;
    private final KryoCodec<?> codec;
    private final long maxEntryBytes;
    private final FailoverSlots slots;
    private final GuardedFailoverStats stats;
    private final RateLimitedLog warnings;

    FailoverSnapshots(String name, Path directory, int kept, Duration maxAge, Clock clock, SnapshotChannels channels,
            KryoCodec<?> codec, long maxEntryBytes, FailoverSlots slots, GuardedFailoverStats stats,
            RateLimitedLog warnings) {
        this.name = name;
        this.generations = new SnapshotGenerations(name, directory, kept);
        this.maxAge = maxAge;
        this.clock = clock;
        this.channels = channels;
        this.codec = codec;
        this.maxEntryBytes = maxEntryBytes;
        this.slots = slots;
        this.stats = stats;
        this.warnings = warnings;
    }

    Path directory() {
        return generations.directory();
    }

    /** Writes a new generation of every held value. */
    SnapshotReport write() {
        long start = System.nanoTime();
        Path tmp = null;
        long generation = -1;
        try {
            generation = generations.next();
            tmp = generations.temporary(generation);
            Files.deleteIfExists(tmp);
            long createdAt = clock.millis();
            long records;
            long bytes;
            try (SnapshotFile.Writer writer = new SnapshotFile.Writer(channels.create(tmp), codec.schemaId(),
                    createdAt)) {
                slots.forEach((group, segment, at, value) -> writer.write(group, segment, at, value, 0,
                        value.length));
                writer.finish();
                records = writer.records();
                bytes = writer.bytes();
            }
            Path target = generations.file(generation);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            generations.committed(generation);
            long took = System.nanoTime() - start;
            stats.recordSnapshot(true, took);
            lastBytes.set(bytes);
            lastRecords.set(records);
            lastSuccessMillis.set(clock.millis());
            log.debug("Failover cache {}: snapshot {} written, {} records, {} bytes", name, target, records, bytes);
            return new SnapshotReport(name, true, target, generation, records, bytes, Duration.ofNanos(took), null);
        } catch (IOException | RuntimeException e) {
            long took = System.nanoTime() - start;
            stats.recordSnapshot(false, took);
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            warnings.warn("snapshot", "Failover cache {}: snapshot into {} failed, previous snapshots kept: {}", name,
                    generations.directory(), e.toString());
            return new SnapshotReport(name, false, null, generation, 0, 0, Duration.ofNanos(took), e.toString());
        }
    }

    /** Loads the newest usable generation into the slots. */
    RestoreReport restore() {
        long start = System.nanoTime();
        try {
            return restoreNewest(start);
        } catch (IOException | RuntimeException e) {
            log.warn("Failover cache {}: restore from {} failed; starting empty", name, generations.directory(), e);
            return empty(start, List.of("restore failed: " + e));
        }
    }

    RestoreReport empty(long start, List<String> problems) {
        return new RestoreReport(name, null, -1, null, 0, 0, 0, 0, 0, 0, Duration.ofNanos(System.nanoTime() - start),
                problems);
    }

    private RestoreReport restoreNewest(long start) throws IOException {
        Path directory = generations.directory();
        List<Generation> all = generations.list();
        if (all.isEmpty()) {
            log.info("Failover cache {}: no snapshot to restore in {}", name, directory.toAbsolutePath());
            return empty(start, List.of("no snapshot in " + directory));
        }
        // The newest complete generation wins; if none is complete, the newest with a readable header.
        Map<Generation, SnapshotFile.Tally> inspected = new LinkedHashMap<>();
        Generation chosen = null;
        for (Generation g : all) {
            SnapshotFile.Tally tally = SnapshotFile.inspect(g.path());
            inspected.put(g, tally);
            if (readable(tally) && tally.complete) {
                chosen = g;
                break;
            }
        }
        if (chosen == null) {
            chosen = inspected.entrySet().stream().filter(e -> readable(e.getValue())).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
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
                problems.add(e.getKey().path().getFileName() + ": incomplete (no valid footer), skipped for an "
                        + "older complete generation");
            }
        }
        if (chosen == null) {
            log.warn("Failover cache {}: no usable snapshot in {} ({}); starting empty", name, directory, problems);
            return report(start, null, -1, null, new SnapshotFile.Tally(), corrupt, truncated, incompatible,
                    problems);
        }
        long now = clock.millis();
        SnapshotFile.Tally tally = SnapshotFile.read(chosen.path(), codec.schemaId(), now - maxAge.toMillis(),
                (int) Math.min(Integer.MAX_VALUE - 64, maxEntryBytes + BODY_OVERHEAD), this::restoreEntry);
        problems.addAll(tally.problems);
        String file = chosen.path().getFileName().toString();
        if (!tally.complete) {
            problems.add(file + ": incomplete (no valid footer), restored what was readable");
        }
        if (tally.schemaId != codec.schemaId()) {
            problems.add(file + ": written with schema id " + tally.schemaId + ", this build has " + codec.schemaId()
                    + " (incompatible records skipped)");
        }
        Duration age = Duration.ofMillis(Math.max(0, now - tally.createdAt));
        RestoreReport report = report(start, chosen.path(), chosen.number(), age, tally, corrupt, truncated,
                incompatible, problems);
        if (report.skipped() > 0) {
            log.warn("Failover cache {}: restored {} values from {} (age {}), skipped {}: {}", name,
                    report.restored(), chosen.path(), age, report.skipped(), problems);
        } else {
            log.info("Failover cache {}: restored {} values from {} (age {})", name, report.restored(), chosen.path(),
                    age);
        }
        return report;
    }

    private static boolean readable(SnapshotFile.Tally tally) {
        return tally.headerValid && tally.formatVersion == SnapshotFile.FORMAT_VERSION;
    }

    private SnapshotFile.Accepted restoreEntry(SnapshotFile.Entry entry) {
        FailoverKey key;
        try {
            key = FailoverKey.of(entry.group(), entry.segment());
            codec.decode(entry.payload()); // CRC-valid but undecodable: never let it be served
        } catch (CodecException | IllegalArgumentException e) {
            return SnapshotFile.Accepted.CORRUPT;
        }
        return slots.insert(key, entry.recordedAt(), entry.payload()) == FailoverSlots.Outcome.STORED
                ? SnapshotFile.Accepted.RESTORED : SnapshotFile.Accepted.REJECTED;
    }

    private RestoreReport report(long start, Path file, long generation, Duration age, SnapshotFile.Tally t,
            long filesCorrupt, long filesTruncated, long filesIncompatible, List<String> problems) {
        RestoreReport report = new RestoreReport(name, file, generation, age, t.restored, t.corrupt + filesCorrupt,
                t.truncated + filesTruncated, t.tooOld, t.incompatible + filesIncompatible, t.rejected,
                Duration.ofNanos(System.nanoTime() - start), problems);
        stats.recordRestore(RestoreOutcome.RESTORED, report.restored());
        stats.recordRestore(RestoreOutcome.CORRUPT, report.skippedCorrupt());
        stats.recordRestore(RestoreOutcome.TRUNCATED, report.skippedTruncated());
        stats.recordRestore(RestoreOutcome.TOO_OLD, report.skippedTooOld());
        stats.recordRestore(RestoreOutcome.INCOMPATIBLE, report.skippedIncompatible());
        stats.recordRestore(RestoreOutcome.REJECTED, report.skippedRejected());
        if (age != null) {
            restoredAgeMillis.set(age.toMillis());
        }
        return report;
    }
}
