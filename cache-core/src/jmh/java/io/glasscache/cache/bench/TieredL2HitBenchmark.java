package io.glasscache.cache.bench;

import java.net.InetSocketAddress;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.glasscache.cache.TieredCache;
import io.glasscache.cache.codec.ValueCodec;
import io.glasscache.cache.MemcachedTier;
import io.glasscache.cache.micrometer.MicrometerStats;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import net.spy.memcached.MemcachedClient;

/**
 * An L2 hit through {@link TieredCache#get} (L1 off, metrics on, breaker, framing and JSON decoding included)
 * against a raw spymemcached {@code get} of a same-sized String on the same memcached, same run.
 * Targets: p50 ratio at most 1.10 (sample mode, one thread); throughput ratio at least 0.95 (8 threads).
 *
 * <p>Needs a memcached on {@code -p server=host:port} (default 127.0.0.1:22122), e.g.
 * {@code memcached -l 127.0.0.1 -p 22122 -m 64 &}:
 * <pre>
 * java -jar benchmarks.jar TieredL2HitBenchmark -bm sample -tu us -t 1 -f 1 -wi 3 -w 2s -i 5 -r 3s
 * java -jar benchmarks.jar TieredL2HitBenchmark -bm thrpt -tu ms -t 8 -f 1 -wi 3 -w 2s -i 5 -r 3s
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class TieredL2HitBenchmark {

    private static final int KEYS = 1024;
    private static final String VALUE = "f".repeat(200);

    @Param("127.0.0.1:22122")
    public String server;

    private final String[] keys = new String[KEYS];
    private MemcachedTier l2;
    private TieredCache<String, String> cache;
    private MemcachedClient raw;

    @State(Scope.Thread)
    public static class Cursor {
        int i;

        int next() {
            return i = (i + 1) & (KEYS - 1);
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        l2 = MemcachedTier.builder().servers(server).operationTimeout(Duration.ofMillis(200)).build();
        cache = TieredCache.<String, String>builder("bench_l2")
                .l1Enabled(false)
                .codec(ValueCodec.json(String.class))
                .l2(l2)
                .earlyRefresh(false, 1.0)
                .recordStats(MicrometerStats.of(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)))
                .loader(k -> CompletableFuture.failedFuture(new IllegalStateException("benchmark reads hits only")))
                .build();
        String[] parts = server.split(":");
        raw = new MemcachedClient(new InetSocketAddress(parts[0], Integer.parseInt(parts[1])));
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "bench-key-" + i;
            cache.put(keys[i], VALUE).get(2, TimeUnit.SECONDS);
            raw.set("raw-" + keys[i], 0, VALUE).get(2, TimeUnit.SECONDS);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cache.close();
        l2.close();
        raw.shutdown(1, TimeUnit.SECONDS);
    }

    @Benchmark
    public String rawSpymemcachedGet(Cursor c) {
        return (String) raw.get("raw-" + keys[c.next()]);
    }

    @Benchmark
    public String tieredL2Hit(Cursor c) throws Exception {
        return cache.get(keys[c.next()]).get();
    }
}
