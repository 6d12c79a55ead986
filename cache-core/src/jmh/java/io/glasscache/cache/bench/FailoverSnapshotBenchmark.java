package io.glasscache.cache.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.glasscache.cache.codec.KryoCodec;
import io.glasscache.cache.FailoverCache;
import io.glasscache.cache.FailoverKey;
import io.glasscache.cache.RestoreReport;
import io.glasscache.cache.SnapshotReport;
import io.glasscache.cache.StoreType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Snapshot and restore of 100 000 values of ~2 KB (10 000 keys x 10 values), on this machine's disk under
 * {@code java.io.tmpdir}, fsync included. Single-shot: each invocation is one full snapshot or one full restore.
 *
 * <pre>
 * java -jar benchmarks.jar FailoverSnapshotBenchmark -f 1 -wi 2 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class FailoverSnapshotBenchmark {

    static final int KEYS = 10_000;
    static final int VALUES = 10;

    @Param({"OFF_HEAP"})
    public StoreType store;

    private final KryoCodec<byte[]> codec = KryoCodec.builder(byte[].class).build();
    private Path dir;
    private FailoverCache<byte[]> source;
    private FailoverCache<byte[]> target;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        dir = Files.createTempDirectory("failover-bench");
        source = builder().build();
        byte[] value = new byte[2_000];
        for (int k = 0; k < KEYS; k++) {
            for (int v = 0; v < VALUES; v++) {
                value[0] = (byte) v;
                value[1] = (byte) k;
                source.record(FailoverKey.of("g" + k % 8, "s" + k), value.clone());
            }
            if (k % 100 == 0) {
                source.awaitDrained(Duration.ofSeconds(30));
            }
        }
        source.awaitDrained(Duration.ofSeconds(30));
        if (source.stats().entries() != (long) KEYS * VALUES) {
            throw new IllegalStateException("not filled: " + source.stats());
        }
        SnapshotReport first = source.snapshot();
        System.out.println("\nsnapshot: " + first.records() + " records, " + first.bytes() + " bytes");
    }

    @Setup(Level.Invocation)
    public void freshTarget() {
        target = builder().snapshotInterval(Duration.ZERO).build();
    }

    @TearDown(Level.Invocation)
    public void closeTarget() {
        target.close(); // its final snapshot (same 100k values) is outside the measurement
    }

    @TearDown(Level.Trial)
    public void cleanUp() throws IOException {
        source.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private FailoverCache.Builder<byte[]> builder() {
        return FailoverCache.builder("bench", codec).store(store).capacity(1024L * 1024 * 1024).maxKeys(KEYS)
                .valuesPerKey(VALUES).queueCapacity(10_000).snapshotInterval(Duration.ZERO).snapshotDirectory(dir);
    }

    @Benchmark
    public SnapshotReport snapshot() {
        SnapshotReport report = source.snapshot();
        if (!report.success() || report.records() != (long) KEYS * VALUES) {
            throw new IllegalStateException(report.toString());
        }
        return report;
    }

    @Benchmark
    public RestoreReport restore() {
        RestoreReport report = restoreInto(target);
        if (report.restored() != (long) KEYS * VALUES || report.skipped() != 0) {
            throw new IllegalStateException(report.toString());
        }
        return report;
    }

    private RestoreReport restoreInto(FailoverCache<byte[]> cache) {
        return cache.restore();
    }
}
