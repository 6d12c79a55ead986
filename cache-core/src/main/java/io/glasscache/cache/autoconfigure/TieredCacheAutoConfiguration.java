package io.glasscache.cache.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.glasscache.cache.MemcachedTier;
import io.glasscache.cache.TieredCacheFactory;
import io.glasscache.cache.micrometer.MicrometerStats;
import io.glasscache.cache.stats.MetricNaming;
import io.glasscache.cache.stats.StatsRecorderFactory;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Tiered caches in Spring Boot: the stats every GlassCache cache reports to ({@link MicrometerStats} over the
 * application's {@link MeterRegistry}, named under {@code glasscache.metrics.prefix}), a shared
 * {@link MemcachedTier} from {@code glasscache.memcached.*} (unless {@code glasscache.memcached.enabled=false}), a
 * {@link TieredCacheFactory} whose builders carry {@code glasscache.caches.<name>.*}, the L2 and the stats, and an L2
 * health indicator when the actuator is present.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"
})
@EnableConfigurationProperties(TieredCacheProperties.class)
public class TieredCacheAutoConfiguration {

    /** Micrometer stats when the application has a registry, else none. */
    @Bean
    @ConditionalOnMissingBean
    public StatsRecorderFactory glasscacheStats(TieredCacheProperties properties,
            ObjectProvider<MeterRegistry> registry) {
        MeterRegistry r = registry.getIfUnique();
        if (r == null) {
            return StatsRecorderFactory.noop();
        }
        String prefix = properties.metrics().prefix();
        Integer maxGroups = properties.metrics().maxGroups();
        MicrometerStats stats = MicrometerStats.of(r, prefix != null ? prefix : MetricNaming.DEFAULT_PREFIX);
        return maxGroups != null ? stats.withMaxGroups(maxGroups) : stats;
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "glasscache.memcached", name = "enabled", matchIfMissing = true)
    public MemcachedTier glasscacheMemcachedTier(TieredCacheProperties properties, StatsRecorderFactory stats) {
        TieredCacheProperties.Memcached m = properties.memcached();
        MemcachedTier.Builder b = MemcachedTier.builder().recordStats(stats);
        PropertiesTieredCacheFactory.set(m.name(), b::name);
        PropertiesTieredCacheFactory.set(m.servers(), b::servers);
        PropertiesTieredCacheFactory.set(m.operationTimeout(), b::operationTimeout);
        PropertiesTieredCacheFactory.set(m.maxQueuedOperations(), b::maxQueuedOperations);
        PropertiesTieredCacheFactory.set(m.circuitOpenDuration(), b::circuitOpenDuration);
        return b.build();
    }

    @Bean
    @ConditionalOnMissingBean
    public TieredCacheFactory tieredCacheFactory(TieredCacheProperties properties, ObjectProvider<MemcachedTier> l2,
            StatsRecorderFactory stats) {
        return new PropertiesTieredCacheFactory(properties, l2.getIfUnique(), stats);
    }

    /** The L2 health indicator, only with the actuator on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnProperty(prefix = "glasscache.memcached", name = "enabled", matchIfMissing = true)
    static class L2HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "glasscacheL2HealthIndicator")
        MemcachedL2HealthIndicator glasscacheL2HealthIndicator(MemcachedTier l2) {
            return new MemcachedL2HealthIndicator(l2);
        }
    }
}
