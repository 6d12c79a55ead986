package io.glasscache.cache.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.SimpleStatusAggregator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.glasscache.cache.BuilderSettings;
import io.glasscache.cache.TieredCache;
import io.glasscache.cache.TieredCacheFactory;
import io.glasscache.cache.codec.ValueCodec;
import io.glasscache.cache.micrometer.MicrometerStats;
import io.glasscache.cache.stats.StatsRecorderFactory;
import io.glasscache.cache.MemcachedTier;
import io.glasscache.testing.FreePort;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** No memcached needed: the L2 points at a closed loopback port, which the cache must survive. */
class TieredCacheAutoConfigurationTest {

    private final int closedPort = FreePort.pick();
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TieredCacheAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues("glasscache.memcached.servers=127.0.0.1:" + closedPort);

    @Test
    void factoryBuildersCarryTheCacheSettingsTheL2AndTheRegistry() {
        runner.withPropertyValues(
                "glasscache.caches.user_features_v1.ttl=2m",
                "glasscache.caches.user_features_v1.ttl-jitter=0.2",
                "glasscache.caches.user_features_v1.load-timeout=300ms",
                "glasscache.caches.user_features_v1.namespace=uf",
                "glasscache.caches.user_features_v1.l1.max-entries=500",
                "glasscache.caches.user_features_v1.l1.expire-after-write=20s",
                "glasscache.caches.user_features_v1.l2.enabled=false",
                "glasscache.caches.user_features_v1.refresh.early=false",
                "glasscache.caches.user_features_v1.refresh.beta=2.5",
                "glasscache.caches.user_features_v1.stale.while-revalidate=5s",
                "glasscache.caches.user_features_v1.stale.if-error=1h",
                "glasscache.caches.user_features_v1.loads.max-concurrent=12",
                "glasscache.caches.user_features_v1.loads.max-batch-size=32",
                "glasscache.metrics.prefix=my.cache").run(context -> {
                    TieredCacheFactory factory = context.getBean(TieredCacheFactory.class);
                    TieredCache.Builder<Long, String> b = factory.builder("user_features_v1");
                    assertThat(BuilderSettings.ttl(b)).isEqualTo(Duration.ofMinutes(2));
                    assertThat(BuilderSettings.ttlJitter(b)).isEqualTo(0.2);
                    assertThat(BuilderSettings.loadTimeout(b)).isEqualTo(Duration.ofMillis(300));
                    assertThat(BuilderSettings.namespace(b)).isEqualTo("uf");
                    assertThat(BuilderSettings.l1MaximumSize(b)).isEqualTo(500);
                    assertThat(BuilderSettings.l1ExpireAfterWrite(b)).isEqualTo(Duration.ofSeconds(20));
                    assertThat(BuilderSettings.l2(b)).isSameAs(context.getBean(MemcachedTier.class));
                    assertThat(BuilderSettings.l2Enabled(b)).isFalse();
                    assertThat(BuilderSettings.earlyRefresh(b)).isFalse();
                    assertThat(BuilderSettings.beta(b)).isEqualTo(2.5);
                    assertThat(BuilderSettings.staleWhileRevalidate(b)).isEqualTo(Duration.ofSeconds(5));
                    assertThat(BuilderSettings.staleIfError(b)).isEqualTo(Duration.ofHours(1));
                    assertThat(BuilderSettings.maxConcurrentLoads(b)).isEqualTo(12);
                    assertThat(BuilderSettings.maxBatchSize(b)).isEqualTo(32);
                    assertThat(BuilderSettings.stats(b)).isSameAs(context.getBean(StatsRecorderFactory.class))
                            .isInstanceOfSatisfying(MicrometerStats.class,
                                    stats -> assertThat(stats.prefix()).isEqualTo("my.cache"));
                    assertThat(BuilderSettings.loadHardTimeout(b)).as("10 x the load timeout")
                            .isEqualTo(Duration.ofMillis(3000));

                    TieredCache.Builder<Long, String> other = factory.builder("unconfigured");
                    assertThat(BuilderSettings.ttl(other)).isEqualTo(Duration.ofMinutes(10));
                    assertThat(BuilderSettings.l2Enabled(other)).isTrue();
                    assertThat(BuilderSettings.staleWhileRevalidate(other)).isEqualTo(Duration.ofSeconds(30));
                    assertThat(BuilderSettings.maxConcurrentLoads(other)).as("unbounded by default").isZero();
                });
    }

    @Test
    void aCacheFromTheFactoryServesFromTheSourceWhileL2IsUnreachable() {
        runner.run(context -> {
            try (TieredCache<Long, String> cache = context.getBean(TieredCacheFactory.class)
                    .<Long, String>builder("user_features_v1")
                    .codec(ValueCodec.json(String.class))
                    .loader(id -> CompletableFuture.completedFuture("features-" + id))
                    .build()) {
                for (long id = 0; id < 50; id++) {
                    assertThat(cache.get(id).get(2, TimeUnit.SECONDS)).isEqualTo("features-" + id);
                }
            }
            assertThat(context.getBean(MeterRegistry.class).find("model_serving.feature_cache.operation.errors")
                    .tag("reason", "l2_error").counter().count()).isGreaterThan(0);
        });
    }

    @Test
    void theHealthIndicatorReportsDetailsButNeverDown() {
        runner.withPropertyValues("glasscache.memcached.name=l2").run(context -> {
            MemcachedL2HealthIndicator indicator = context.getBean(MemcachedL2HealthIndicator.class);
            Health health = indicator.health();
            assertThat(health.getStatus()).isEqualTo(MemcachedL2HealthIndicator.DEGRADED);
            assertThat(health.getDetails()).containsKeys("circuitBreaker", "servers", "unavailableServers",
                    "availableServers", "failureRate");
            assertThat(health.getDetails().get("servers")).isEqualTo("127.0.0.1:" + closedPort);
            // the default aggregation (what /actuator/health and any group computes) ignores DEGRADED
            assertThat(new SimpleStatusAggregator().getAggregateStatus(Status.UP, health.getStatus()))
                    .isEqualTo(Status.UP);
        });
    }

    @Test
    void memcachedCanBeSwitchedOff() {
        runner.withPropertyValues("glasscache.memcached.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(MemcachedTier.class);
            assertThat(context).doesNotHaveBean(MemcachedL2HealthIndicator.class);
            TieredCache.Builder<Long, String> b = context.getBean(TieredCacheFactory.class).builder("c");
            assertThat(BuilderSettings.l2(b)).isNull();
        });
    }
}
