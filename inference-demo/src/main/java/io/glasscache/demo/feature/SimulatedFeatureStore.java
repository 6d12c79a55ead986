package io.glasscache.demo.feature;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * An in-process stand-in for HBase or MySQL: deterministic data, log-normal service times, a fixed number of
 * connections and a bounded wait queue (see {@link FeatureStoreProperties}), plus injectable faults. Calls never
 * block the caller; they complete on a small "client I/O" pool after their simulated service time.
 */
public final class SimulatedFeatureStore implements FeatureStore, AutoCloseable {

    private static final double Z_99 = 2.3263478740408408; // standard normal 99th percentile

    private final FeatureStoreProperties properties;
    private final double mu;
    private final double sigma;
    private final AtomicReference<FeatureStoreChaos> chaos = new AtomicReference<>(FeatureStoreChaos.NONE);
    private final ScheduledExecutorService timer;
    private final ExecutorService completions;
    private final Object lock = new Object();
    private final ArrayDeque<Call<?>> waiting = new ArrayDeque<>();
    private int busy;

    private final Counter userCalls;
    private final Counter itemCalls;
    private final Counter failed;
    private final Counter rejected;

    public SimulatedFeatureStore(FeatureStoreProperties properties, MeterRegistry registry) {
        this.properties = properties;
        double median = Math.max(1_000, properties.latencyMedian().toNanos());
        double p99 = Math.max(median, properties.latencyP99().toNanos());
        this.mu = Math.log(median);
        this.sigma = Math.log(p99 / median) / Z_99;
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("feature-store-timer"));
        this.completions = Executors.newFixedThreadPool(2, daemon("feature-store-io"));
        this.userCalls = callCounter(registry, "user", "success");
        this.itemCalls = callCounter(registry, "items", "success");
        this.failed = callCounter(registry, "any", "error");
        this.rejected = callCounter(registry, "any", "rejected");
        Gauge.builder("demo.feature.store.busy", this, s -> s.busyAndWaiting()[0])
                .description("Simulated feature store connections in use").register(registry);
        Gauge.builder("demo.feature.store.waiting", this, s -> s.busyAndWaiting()[1])
                .description("Calls waiting for a simulated feature store connection").register(registry);
    }

    private static Counter callCounter(MeterRegistry registry, String operation, String outcome) {
        return Counter.builder("demo.feature.store.calls")
                .description("Calls that reached the simulated feature store")
                .tag("operation", operation).tag("outcome", outcome).register(registry);
    }

    @Override
    public CompletableFuture<UserFeatures> userFeatures(String userId) {
        return submit(0, () -> FeatureData.user(userId, properties.users()), userCalls);
    }

    @Override
    public CompletableFuture<Map<String, UserFeatures>> userFeatures(Collection<String> userIds) {
        String[] ids = userIds.toArray(String[]::new);
        return submit(ids.length, () -> {
            Map<String, UserFeatures> found = new HashMap<>(ids.length * 2);
            for (String id : ids) {
                found.put(id, FeatureData.user(id, properties.users()));
            }
            return found;
        }, userCalls);
    }

    @Override
    public CompletableFuture<Map<Long, ItemFeatures>> itemFeatures(Collection<Long> itemIds) {
        long[] ids = itemIds.stream().mapToLong(Long::longValue).toArray();
        return submit(ids.length, () -> {
            Map<Long, ItemFeatures> found = new HashMap<>(ids.length * 2);
            for (long id : ids) {
                if (id >= 0 && id < properties.items()) {
                    found.put(id, FeatureData.item(id));
                }
            }
            return found;
        }, itemCalls);
    }

    /** The faults in force. */
    public FeatureStoreChaos chaos() {
        return chaos.get();
    }

    public void chaos(FeatureStoreChaos faults) {
        chaos.set(faults);
    }

    private <T> CompletableFuture<T> submit(int rows, Supplier<T> result, Counter success) {
        Call<T> call = new Call<>(rows, result, success);
        boolean start;
        synchronized (lock) {
            if (busy < properties.concurrency()) {
                busy++;
                start = true;
            } else if (waiting.size() < properties.queueCapacity()) {
                waiting.add(call);
                start = false;
            } else {
                rejected.increment();
                return CompletableFuture.failedFuture(new FeatureStoreException("feature store overloaded: "
                        + properties.concurrency() + " busy, " + properties.queueCapacity() + " waiting"));
            }
        }
        if (start) {
            start(call);
        }
        return call.future;
    }

    private void start(Call<?> call) {
        FeatureStoreChaos faults = chaos.get();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long serviceNanos = (long) Math.exp(mu + sigma * random.nextGaussian())
                + call.rows * properties.perItemCost().toNanos()
                + TimeUnit.MILLISECONDS.toNanos(faults.latencyMs());
        boolean fail = faults.errorRate() > 0 && random.nextDouble() < faults.errorRate();
        timer.schedule(() -> finish(call, fail), serviceNanos, TimeUnit.NANOSECONDS);
    }

    private void finish(Call<?> call, boolean fail) {
        Call<?> next;
        synchronized (lock) {
            next = waiting.poll();
            if (next == null) {
                busy--;
            }
        }
        if (next != null) {
            start(next);
        }
        call.complete(fail, completions);
    }

    private int[] busyAndWaiting() {
        synchronized (lock) {
            return new int[] {busy, waiting.size()};
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        completions.shutdownNow();
    }

    private final class Call<T> {
        final int rows;
        final Supplier<T> result;
        final Counter success;
        final CompletableFuture<T> future = new CompletableFuture<>();

        Call(int rows, Supplier<T> result, Counter success) {
            this.rows = rows;
            this.result = result;
            this.success = success;
        }

        void complete(boolean fail, Executor executor) {
            try {
                executor.execute(() -> {
                    if (fail) {
                        failed.increment();
                        future.completeExceptionally(new FeatureStoreException("injected feature store error"));
                    } else {
                        success.increment();
                        future.complete(result.get());
                    }
                });
            } catch (RuntimeException shutDown) {
                future.completeExceptionally(new FeatureStoreException("feature store closed"));
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
