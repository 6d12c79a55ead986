package io.glasscache.cache.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.glasscache.cache.TieredCache;
import io.glasscache.cache.micrometer.MicrometerStats;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * An L1 hit through {@link TieredCache#get} (with and without Micrometer metrics) against a raw Caffeine
 * {@code getIfPresent} on the same keys, same run. Target: overhead of the instrumented path at most 30 ns/op.
 *
 * <pre>java -jar benchmarks.jar TieredL1HitBenchmark -f 2 -wi 3 -w 2s -i 5 -r 2s</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Benchmark)
public class TieredL1HitBenchmark {

    private static final int KEYS = 1024;

    private final String[] keys = new String[KEYS];
    private Cache<String, String> caffeine;
    private TieredCache<String, String> instrumented;
    private TieredCache<String, String> bare;

    @State(Scope.Thread)
    public static class Cursor {
        int i;

        int next() {
            return i = (i + 1) & (KEYS - 1);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        caffeine = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(1)).build(); // as L1
        instrumented = TieredCache.<String, String>builder("bench_l1")
                .recordStats(MicrometerStats.of(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)))
                .earlyRefresh(false, 1.0)
                .loader(k -> CompletableFuture.completedFuture("v" + k)).build();
        bare = TieredCache.<String, String>builder("bench_l1_bare")
                .earlyRefresh(false, 1.0)
                .loader(k -> CompletableFuture.completedFuture("v" + k)).build();
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "key-" + i;
            caffeine.put(keys[i], "v" + keys[i]);
            instrumented.get(keys[i]).join();
            bare.get(keys[i]).join();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        instrumented.close();
        bare.close();
    }

    @Benchmark
    public String rawCaffeine(Cursor c) {
        return caffeine.getIfPresent(keys[c.next()]);
    }

    @Benchmark
    public String tieredWithMetrics(Cursor c) {
        return instrumented.get(keys[c.next()]).getNow(null);
    }

    @Benchmark
    public String tieredWithoutMetrics(Cursor c) {
        return bare.get(keys[c.next()]).getNow(null);
    }
}
