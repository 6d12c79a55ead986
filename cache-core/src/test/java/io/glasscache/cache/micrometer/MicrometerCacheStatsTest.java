package io.glasscache.cache.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.glasscache.cache.stats.CacheOperation;
import io.glasscache.cache.stats.ErrorReason;
import io.glasscache.cache.stats.MetricNaming;
import io.glasscache.cache.stats.Tier;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

class MicrometerCacheStatsTest {

    @Test
    void zeroLatenciesAreRecordedInTheLowestBucketOnFlush() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerCacheStats stats = new MicrometerCacheStats(registry, MetricNaming.DEFAULT_PREFIX, "c", List.of());
        for (int i = 0; i < 3; i++) {
            stats.recordLatency(CacheOperation.GET, Tier.L1, 0);
        }
        stats.recordLatency(CacheOperation.GET, Tier.L1, TimeUnit.MILLISECONDS.toNanos(30));
        stats.flushZeroLatencies();

        var timer = registry.get("model_serving.feature_cache.latency").tag("operation", "get").tag("tier", "l1")
                .timer();
        assertThat(timer.count()).isEqualTo(4);
        String text = registry.scrape();
        assertThat(text).contains(
                "model_serving_feature_cache_latency_seconds_bucket{cache_name=\"c\",operation=\"get\",tier=\"l1\",le=\"1.0E-4\"} 3")
                .contains(
                "model_serving_feature_cache_latency_seconds_bucket{cache_name=\"c\",operation=\"get\",tier=\"l1\",le=\"0.05\"} 4");
    }

    @Test
    void everyErrorSeriesExistsFromTheStartAndWritesHaveOnlyTierAll() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerCacheStats stats = new MicrometerCacheStats(registry, "my.prefix", "c", List.of());
        stats.recordError(CacheOperation.PUT, ErrorReason.SERIALIZATION_ERROR);
        String text = registry.scrape();
        for (CacheOperation op : CacheOperation.values()) {
            for (ErrorReason reason : ErrorReason.values()) {
                assertThat(text).contains("my_prefix_operation_errors_total{cache_name=\"c\",operation=\"" + op.tag()
                        + "\",reason=\"" + reason.tag() + "\"}");
            }
        }
        assertThat(text).contains("my_prefix_operation_errors_total{cache_name=\"c\",operation=\"put\","
                + "reason=\"serialization_error\"} 1")
                .contains("my_prefix_latency_seconds_count{cache_name=\"c\",operation=\"put\",tier=\"all\"}")
                .doesNotContain("operation=\"put\",tier=\"l1\"")
                .doesNotContain("operation=\"get\",tier=\"all\"");
    }
}
