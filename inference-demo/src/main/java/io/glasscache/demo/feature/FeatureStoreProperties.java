package io.glasscache.demo.feature;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The in-process simulated feature store ({@code demo.feature-store.*}). Latency per call is log-normal with the
 * given median and 99th percentile; at most {@code concurrency} calls are served at once (like a connection pool
 * to HBase or MySQL), up to {@code queueCapacity} more wait, and the rest are rejected. Uncached load therefore
 * queues and then fails, as a real store does.
 *
 * @param users         number of known user ids ({@code u0 .. u<users-1>}); other ids get cold-start features
 * @param items         number of items ({@code 0 .. items-1})
 * @param latencyMedian median service time of one call
 * @param latencyP99    99th percentile service time of one call (must exceed the median)
 * @param perItemCost   extra service time per row (user or item) of a multi-get
 * @param concurrency   calls served in parallel
 * @param queueCapacity calls allowed to wait for a free slot; beyond that calls fail at once
 * @param seed          seed of the latency random stream (data is a pure function of ids)
 */
@ConfigurationProperties("demo.feature-store")
public record FeatureStoreProperties(
        @DefaultValue("1000000") int users,
        @DefaultValue("100000") int items,
        @DefaultValue("20ms") Duration latencyMedian,
        @DefaultValue("100ms") Duration latencyP99,
        @DefaultValue("10us") Duration perItemCost,
        @DefaultValue("16") int concurrency,
        @DefaultValue("256") int queueCapacity,
        @DefaultValue("7") long seed) {

    public FeatureStoreProperties {
        if (users < 1 || items < 1) {
            throw new IllegalArgumentException("demo.feature-store.users and .items must be >= 1");
        }
        if (latencyMedian.isNegative() || latencyP99.compareTo(latencyMedian) < 0) {
            throw new IllegalArgumentException("demo.feature-store.latency-p99 must be >= latency-median >= 0");
        }
        if (concurrency < 1 || queueCapacity < 0) {
            throw new IllegalArgumentException("demo.feature-store.concurrency must be >= 1, queue-capacity >= 0");
        }
    }

    /** Defaults, for tests and tools. */
    public static FeatureStoreProperties defaults() {
        return new FeatureStoreProperties(1_000_000, 100_000, Duration.ofMillis(20), Duration.ofMillis(100),
                Duration.ofNanos(10_000), 16, 256, 7);
    }
}
