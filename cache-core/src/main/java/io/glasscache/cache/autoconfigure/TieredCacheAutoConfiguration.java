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

import io.glasscache.cache.TieredCacheFactory;
import io.glasscache.cache.tier.MemcachedTier;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Tiered caches in Spring Boot: a shared {@link MemcachedTier} from {@code glasscache.memcached.*} (unless
 * {@code glasscache.memcached.enabled=false}), a {@link TieredCacheFactory} whose builders carry
 * {@code glasscache.caches.<name>.*}, the L2 and the {@link MeterRegistry}, and an L2 health indicator when the
 * actuator is present.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"
})
@EnableConfigurationProperties(TieredCacheProperties.class)
public class TieredCacheAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "glasscache.memcached", name = "enabled", matchIfMissing = true)
    public MemcachedTier glasscacheMemcachedTier(TieredCacheProperties properties,
            ObjectProvider<MeterRegistry> registry) {
        TieredCacheProperties.Memcached m = properties.memcached();
        MemcachedTier.Builder b = MemcachedTier.builder()
                .name(m.name())
                .servers(m.servers())
                .operationTimeout(m.operationTimeout())
                .maxQueuedOperations(m.maxQueuedOperations())
                .circuitOpenDuration(m.circuitOpenDuration());
        MeterRegistry r = registry.getIfUnique();
        if (r != null) {
            b.meterRegistry(r);
        }
        return b.build();
    }

    @Bean
    @ConditionalOnMissingBean
    public TieredCacheFactory tieredCacheFactory(TieredCacheProperties properties, ObjectProvider<MemcachedTier> l2,
            ObjectProvider<MeterRegistry> registry) {
        return new PropertiesTieredCacheFactory(properties, l2.getIfUnique(), registry.getIfUnique());
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
