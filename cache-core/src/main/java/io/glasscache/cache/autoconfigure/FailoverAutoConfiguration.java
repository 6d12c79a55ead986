package io.glasscache.cache.autoconfigure;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.glasscache.cache.failover.FailoverCacheFactory;
import io.glasscache.cache.micrometer.MicrometerCacheStats;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Failover cache auto-configuration: a {@link FailoverCacheFactory} whose builders are pre-filled from
 * {@code glasscache.failover.*} (caches built through it snapshot on their schedule and, when the factory is
 * destroyed at graceful shutdown, one last time), and a {@link FailoverRestoreRunner} that restores them at
 * start-up without ever failing it. Disable with {@code glasscache.failover.enabled=false}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration"})
@ConditionalOnProperty(prefix = "glasscache.failover", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(FailoverProperties.class)
public class FailoverAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public FailoverCacheFactory failoverCacheFactory(FailoverProperties properties,
                                                     ObjectProvider<MeterRegistry> meterRegistry,
                                                     Environment environment) {
        // One namespace for every GlassCache meter: the tiered cache's glasscache.metrics.prefix.
        String metricsPrefix = environment.getProperty("glasscache.metrics.prefix",
                MicrometerCacheStats.DEFAULT_PREFIX);
        Map<String, Integer> perGroup = new LinkedHashMap<>(properties.valuesPerGroup());
        return new FailoverCacheFactory(builder -> {
            builder.snapshotDirectory(Path.of(properties.snapshotDir()))
                    .snapshotInterval(properties.snapshotInterval())
                    .maxSnapshotAge(properties.maxSnapshotAge())
                    .snapshotsKept(properties.snapshotsKept())
                    .capacity(properties.capacity().toBytes())
                    .segmentCount(properties.segmentCount())
                    .maxEntrySize(properties.maxEntrySize().toBytes())
                    .maxKeys(properties.maxKeys())
                    .valuesPerKey(properties.valuesPerKey())
                    .replacementPolicy(properties.replacementPolicy())
                    .queueCapacity(properties.queueCapacity())
                    .writerThreads(properties.writerThreads())
                    .store(properties.store())
                    .metricsPrefix(metricsPrefix)
                    .maxMetricGroups(properties.maxMetricGroups())
                    .meterRegistry(meterRegistry.getIfAvailable());
            perGroup.forEach(builder::valuesPerKey);
        }, properties.restoreOnStartup());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "glasscache.failover", name = "restore-on-startup", havingValue = "true",
            matchIfMissing = true)
    public FailoverRestoreRunner failoverRestoreRunner(FailoverCacheFactory factory) {
        return new FailoverRestoreRunner(factory);
    }
}
