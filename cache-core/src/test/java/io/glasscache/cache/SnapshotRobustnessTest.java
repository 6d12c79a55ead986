package io.glasscache.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.glasscache.cache.codec.KryoCodec;
import io.glasscache.cache.micrometer.MicrometerStats;
import io.glasscache.cache.snapshot.SnapshotChannels;
import io.glasscache.cache.snapshot.SnapshotFile;

/** Damaged, foreign, old and unwritable snapshots: restore and snapshot never throw, and everything is counted. */
class SnapshotRobustnessTest {

    private static final int KEYS = 25;
    private static final int VALUES = 4;
    private static final int RECORDS = KEYS * VALUES;

    @TempDir
    Path dir;
    private final List<FailoverCache<?>> open = new ArrayList<>();
    private Path snapshot;

    @BeforeEach
    void writeOneGeneration() {
        FailoverCache<Screen> writer = FailoverCache.builder("robust", Screen.codec()).store(StoreType.HEAP)
                .snapshotDirectory(dir).snapshotInterval(Duration.ZERO).valuesPerKey(VALUES).build();
        fill(writer);
        SnapshotReport report = writer.snapshot();
        assertThat(report.success()).isTrue();
        snapshot = report.file();
        writer.close(); // writes generation 1 as well
        try {
            Files.delete(dir.resolve(fileName(1)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void closeAll() {
        open.forEach(FailoverCache::close);
    }

    @Test
    void intactSnapshotRestoresEverything() {
        RestoreReport report = fresh().restore();
        assertThat(report.restored()).isEqualTo(RECORDS);
        assertThat(report.skipped()).isZero();
        assertThat(report.generation()).isZero();
    }

    @Test
    void aGadgetPlantedInASnapshotIsCountedCorruptAndNeverMade() throws IOException {
        Files.delete(snapshot);
        KryoCodec<Screen> codec = Screen.codec();
        byte[] gadget = Gadget.payload();
        int made = Gadget.MADE.get();
        try (SnapshotFile.Writer writer = new SnapshotFile.Writer(SnapshotChannels.FILES.create(snapshot),
                codec.schemaId(), System.currentTimeMillis())) {
            byte[] group = "home".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            writer.write(group, new byte[0], System.currentTimeMillis(), gadget, 0, gadget.length);
            writer.finish(); // a well-formed file, CRCs and all: only the payload is hostile
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FailoverCache<Screen> cache = track(FailoverCache.builder("robust", codec).store(StoreType.HEAP)
                .snapshotDirectory(dir).snapshotInterval(Duration.ZERO).recordStats(MicrometerStats.of(registry))
                .build());
        RestoreReport report = cache.restore();
        assertThat(report.restored()).isZero();
        assertThat(report.skippedCorrupt()).isEqualTo(1);
        assertThat(registry.get("model_serving.feature_cache.failover.restore.records").tag("outcome", "corrupt")
                .counter().count()).isEqualTo(1);
        assertThat(cache.sample(FailoverKey.of("home"))).isEmpty();
        assertThat(Gadget.MADE.get()).as("no Gadget made by restoring").isEqualTo(made);
    }

    @Test
    void truncatedFileRestoresTheIntactPrefixAndCountsTheCut() throws IOException {
        byte[] bytes = Files.readAllBytes(snapshot);
        Files.write(snapshot, java.util.Arrays.copyOf(bytes, bytes.length / 2 + 7));
        FailoverCache<Screen> cache = fresh();
        RestoreReport report = cache.restore();
        assertThat(report.skippedTruncated()).isEqualTo(1);
        assertThat(report.restored()).isBetween(1L, (long) RECORDS - 1);
        assertThat(report.skippedCorrupt()).isZero();
        assertAllServedIntact(cache);
    }

    @Test
    void aTruncatedNewestGenerationFallsBackToThePreviousComplete() throws IOException {
        byte[] bytes = Files.readAllBytes(snapshot);
        Files.write(dir.resolve(fileName(7)), java.util.Arrays.copyOf(bytes, bytes.length - 100));
        RestoreReport report = fresh().restore();
        assertThat(report.generation()).isZero();
        assertThat(report.restored()).isEqualTo(RECORDS);
        assertThat(report.skippedTruncated()).isEqualTo(1); // the newer, incomplete file
    }

    @Test
    void flippedBitsCostOnlyTheDamagedRecords() throws IOException {
        byte[] bytes = Files.readAllBytes(snapshot);
        Random random = new Random(42);
        int flips = 3;
        int region = (bytes.length - 64) / flips;
        for (int i = 0; i < flips; i++) { // far apart: each lands in a different record
            int at = 32 + i * region + random.nextInt(region / 2);
            bytes[at] ^= (byte) (1 << random.nextInt(8));
        }
        Files.write(snapshot, bytes);
        FailoverCache<Screen> cache = fresh();
        RestoreReport report = cache.restore();
        assertThat(report.skippedCorrupt()).isBetween(1L, 2L * flips);
        assertThat(report.restored()).isGreaterThanOrEqualTo(RECORDS - flips).isLessThan(RECORDS);
        assertAllServedIntact(cache);
    }

    @Test
    void randomBytesAreSkippedAsCorrupt() throws IOException {
        byte[] junk = new byte[50_000];
        new Random(7).nextBytes(junk);
        Files.write(snapshot, junk);
        RestoreReport report = fresh().restore();
        assertThat(report.restored()).isZero();
        assertThat(report.skippedCorrupt()).isEqualTo(1);
        assertThat(report.problems()).anyMatch(p -> p.contains("bad magic"));
    }

    @Test
    void anEmptyFileIsSkipped() throws IOException {
        Files.write(snapshot, new byte[0]);
        RestoreReport report = fresh().restore();
        assertThat(report.restored()).isZero();
        assertThat(report.skippedCorrupt()).isEqualTo(1);
        assertThat(report.file()).isNull();
    }

    @Test
    void aFutureFormatVersionIsIncompatible() throws IOException {
        byte[] bytes = Files.readAllBytes(snapshot);
        ByteBuffer header = ByteBuffer.wrap(bytes);
        header.putInt(8, SnapshotFile.FORMAT_VERSION + 1);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, 28);
        header.putInt(28, (int) crc.getValue());
        Files.write(snapshot, bytes);
        RestoreReport report = fresh().restore();
        assertThat(report.restored()).isZero();
        assertThat(report.skippedIncompatible()).isEqualTo(1);
        assertThat(report.problems()).anyMatch(p -> p.contains("format version 2"));
    }

    @Test
    void recordsFromAnIncompatibleBuildAreSkipped() {
        KryoCodec<Screen> otherBuild = KryoCodec.builder(Screen.class).register(StringBuilder.class).build();
        assertThat(otherBuild.schemaId()).isNotEqualTo(Screen.codec().schemaId());
        FailoverCache<Screen> cache = track(FailoverCache.builder("robust", otherBuild).store(StoreType.HEAP)
                .snapshotDirectory(dir).snapshotInterval(Duration.ZERO).build());
        RestoreReport report = cache.restore();
        assertThat(report.restored()).isZero();
        assertThat(report.skippedIncompatible()).isEqualTo(RECORDS);
        assertThat(cache.stats().entries()).isZero();
    }

    @Test
    void recordsOlderThanTheMaximumAgeAreSkipped() {
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(3)), ZoneOffset.UTC);
        FailoverCache<Screen> cache = track(FailoverCache.builder("robust", Screen.codec()).store(StoreType.HEAP)
                .snapshotDirectory(dir).snapshotInterval(Duration.ZERO).maxSnapshotAge(Duration.ofHours(2))
                .clock(later).build());
        RestoreReport report = cache.restore();
        assertThat(report.skippedTooOld()).isEqualTo(RECORDS);
        assertThat(report.restored()).isZero();
        assertThat(report.snapshotAge()).isGreaterThan(Duration.ofHours(2));
    }

    @Test
    void anUnwritableDirectoryFailsSnapshotsQuietlyAndRestoresNothing() throws IOException {
        Path regularFile = Files.write(dir.resolve("not-a-directory"), new byte[] {1});
        Path impossible = regularFile.resolve("failover"); // even root cannot create a directory under a file
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FailoverCache<Screen> cache = track(FailoverCache.builder("robust", Screen.codec()).store(StoreType.HEAP)
                .snapshotDirectory(impossible).snapshotInterval(Duration.ZERO).recordStats(MicrometerStats.of(registry)).build());
        assertThat(cache.restore().restored()).isZero();
        cache.record(FailoverKey.of("home"), Screen.of("still works", List.of()));
        cache.awaitDrained(Duration.ofSeconds(5));
        SnapshotReport report = cache.snapshot();
        assertThat(report.success()).isFalse();
        assertThat(report.error()).isNotBlank();
        assertThat(registry.get("model_serving.feature_cache.failover.snapshot.duration")
                .tag("outcome", "failure").timer().count()).isEqualTo(1);
        assertThat(cache.sample(FailoverKey.of("home"))).isPresent();
    }

    @Test
    void aFailingWriteKeepsThePreviousGenerationAndLeavesNoTemporaryFile() throws IOException {
        SnapshotChannels diskFullAfter64k = path -> {
            SnapshotChannels.Sink real = SnapshotChannels.FILES.create(path);
            return new SnapshotChannels.Sink() {
                long written;

                @Override
                public int write(ByteBuffer src) throws IOException {
                    if (written + src.remaining() > 64 * 1024) {
                        throw new IOException("No space left on device");
                    }
                    int n = real.write(src);
                    written += n;
                    return n;
                }

                @Override
                public void sync() throws IOException {
                    real.sync();
                }

                @Override
                public boolean isOpen() {
                    return real.isOpen();
                }

                @Override
                public void close() throws IOException {
                    real.close();
                }
            };
        };
        FailoverCache<Screen> cache = track(FailoverCache.builder("robust", Screen.codec()).store(StoreType.HEAP)
                .snapshotDirectory(dir).snapshotInterval(Duration.ZERO).valuesPerKey(VALUES)
                .snapshotChannels(diskFullAfter64k).build());
        fill(cache);
        for (int i = 0; i < 3; i++) {
            SnapshotReport report = cache.snapshot();
            assertThat(report.success()).isFalse();
            assertThat(report.error()).contains("No space left");
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(fileName(0));
        }
        RestoreReport report = fresh().restore();
        assertThat(report.restored()).isEqualTo(RECORDS);
        assertThat(report.generation()).isZero();
    }

    /**
     * A new process with a short snapshot interval: restored as it is built, its periodic snapshots carry the last
     * good values forward instead of replacing them with an empty generation (reliability's BUG-1).
     */
    @Test
    void aCacheThatRestoresOnBuildSnapshotsWhatItRestored() throws IOException {
        FailoverCache<Screen> restarted = track(FailoverCache.builder("robust", Screen.codec()).store(StoreType.HEAP)
                .snapshotDirectory(dir).snapshotInterval(Duration.ofMillis(1)).valuesPerKey(VALUES)
                .restoreOnBuild(true).build());
        assertThat(restarted.stats().entries()).as("restored before build returned").isEqualTo(RECORDS);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> generations() >= 3);
        restarted.close();
        open.remove(restarted);
        FailoverCache<Screen> next = fresh();
        RestoreReport report = next.restore();
        assertThat(report.generation()).as("a periodic snapshot of the restarted cache").isPositive();
        assertThat(report.restored()).isEqualTo(RECORDS);
    }

    @Test
    void aBrokenSnapshotAtBuildIsCountedAndTheCacheStartsEmpty() throws IOException {
        Files.write(snapshot, "garbage".getBytes());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FailoverCache<Screen> cache = track(FailoverCache.builder("robust", Screen.codec()).store(StoreType.HEAP)
                .snapshotDirectory(dir).snapshotInterval(Duration.ZERO).restoreOnBuild(true)
                .recordStats(MicrometerStats.of(registry)).build());
        assertThat(cache.stats().entries()).isZero();
        assertThat(registry.find("model_serving.feature_cache.failover.restore.records").tag("outcome", "corrupt").counter())
                .isNotNull().satisfies(c -> assertThat(c.count()).isPositive());
    }

    private long generations() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".snap")).count();
        }
    }

    @Test
    void noSnapshotAtAllIsAnEmptyReport() throws IOException {
        Files.delete(snapshot);
        RestoreReport report = fresh().restore();
        assertThat(report.restored()).isZero();
        assertThat(report.skipped()).isZero();
        assertThat(report.problems()).anyMatch(p -> p.contains("no snapshot"));
    }

    private FailoverCache<Screen> fresh() {
        return track(FailoverCache.builder("robust", Screen.codec()).store(StoreType.HEAP).snapshotDirectory(dir)
                .snapshotInterval(Duration.ZERO).valuesPerKey(VALUES).build());
    }

    private <V> FailoverCache<V> track(FailoverCache<V> cache) {
        open.add(cache);
        return cache;
    }

    private static void fill(FailoverCache<Screen> cache) {
        for (int k = 0; k < KEYS; k++) {
            for (int v = 0; v < VALUES; v++) {
                cache.record(FailoverKey.of("g" + k % 5, "s" + k), Screen.sized(k + "/" + v, 1_500));
            }
        }
        assertThat(cache.awaitDrained(Duration.ofSeconds(10))).isTrue();
    }

    private static void assertAllServedIntact(FailoverCache<Screen> cache) {
        for (int k = 0; k < KEYS; k++) {
            for (int i = 0; i < 20; i++) {
                cache.sample(FailoverKey.of("g" + k % 5, "s" + k)).ifPresent(s -> assertThat(s.intact()).isTrue());
            }
        }
    }

    private static String fileName(long generation) {
        return String.format("robust.%019d.snap", generation);
    }
}
