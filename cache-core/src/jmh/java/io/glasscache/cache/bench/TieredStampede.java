package io.glasscache.cache.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.HdrHistogram.Histogram;

import io.glasscache.cache.TieredCache;
import io.glasscache.cache.codec.ValueCodec;
import io.glasscache.cache.MemcachedTier;
import net.spy.memcached.MemcachedClient;

/**
 * 256 concurrent readers of one cold key per round, against a source that serves 16 queries at a time, 5 ms each
 * (a connection-pooled store). Compares source loads and latency percentiles of {@link TieredCache} (L1 + L2,
 * single flight) with a naive client (memcached get; on a miss, load and set), same memcached, same run.
 * Not a JMH benchmark: every round needs its readers released together, which this harness does with a barrier.
 *
 * <pre>java -cp benchmarks.jar io.glasscache.cache.bench.TieredStampede 127.0.0.1:22122 30</pre>
 */
public final class TieredStampede {

    private static final int READERS = 256;
    private static final int SOURCE_CONCURRENCY = 16;
    private static final long SOURCE_MILLIS = 5;

    /** The slow store: 16 workers, 5 ms per query; counts queries. */
    static final class Source implements AutoCloseable {
        final ExecutorService workers = Executors.newFixedThreadPool(SOURCE_CONCURRENCY);
        final AtomicInteger queries = new AtomicInteger();

        CompletableFuture<String> fetch(String key) {
            return CompletableFuture.supplyAsync(() -> {
                queries.incrementAndGet();
                sleep(SOURCE_MILLIS);
                return "value-of-" + key;
            }, workers);
        }

        @Override
        public void close() {
            workers.shutdownNow();
        }
    }

    public static void main(String[] args) throws Exception {
        String server = args.length > 0 ? args[0] : "127.0.0.1:22122";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        String[] hp = server.split(":");
        ExecutorService readers = Executors.newFixedThreadPool(READERS);
        try (Source source = new Source();
             MemcachedTier l2 = MemcachedTier.builder().servers(server).operationTimeout(Duration.ofMillis(100))
                     .build();
             TieredCache<String, String> tiered = TieredCache.<String, String>builder("stampede")
                     .codec(ValueCodec.json(String.class)).l2(l2).loadTimeout(Duration.ofSeconds(5))
                     .loader(source::fetch).build()) {
            MemcachedClient raw = new MemcachedClient(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])));
            String run = Long.toString(System.nanoTime());
            Function<String, String> naive = key -> {
                Object hit = raw.get(key);
                if (hit != null) {
                    return (String) hit;
                }
                String v = source.fetch(key).join();
                raw.set(key, 600, v);
                return v;
            };
            Function<String, String> cached = key -> tiered.get(key).join();
            // warm-up both paths
            measure("warm-up naive", naive, source, readers, 3, run + "-wn");
            measure("warm-up tiered", cached, source, readers, 3, run + "-wt");
            for (int pass = 0; pass < 2; pass++) { // alternate, so drift hits both alike
                measure("naive get-then-load", naive, source, readers, rounds, run + "-n" + pass);
                measure("TieredCache", cached, source, readers, rounds, run + "-t" + pass);
            }
            raw.shutdown(1, TimeUnit.SECONDS);
        } finally {
            readers.shutdownNow();
        }
    }

    private static void measure(String label, Function<String, String> client, Source source,
            ExecutorService readers, int rounds, String prefix) throws Exception {
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        int before = source.queries.get();
        for (int r = 0; r < rounds; r++) {
            String key = prefix + "-cold-" + r;
            CyclicBarrier start = new CyclicBarrier(READERS);
            CountDownLatch done = new CountDownLatch(READERS);
            for (int i = 0; i < READERS; i++) {
                readers.execute(() -> {
                    try {
                        start.await(10, TimeUnit.SECONDS);
                        long t0 = System.nanoTime();
                        client.apply(key);
                        long took = System.nanoTime() - t0;
                        synchronized (latency) {
                            latency.recordValue(Math.min(took, latency.getHighestTrackableValue()));
                        }
                    } catch (Exception e) {
                        System.err.println(label + ": " + e);
                    } finally {
                        done.countDown();
                    }
                });
            }
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(label + ": round " + r + " did not finish");
            }
        }
        int loads = source.queries.get() - before;
        System.out.printf("%-22s rounds=%d readers=%d  source loads/round=%.1f  p50=%.2f ms  p99=%.2f ms  "
                + "max=%.2f ms%n", label, rounds, READERS, loads / (double) rounds,
                latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(99) / 1e6,
                latency.getMaxValue() / 1e6);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
