package io.glasscache.cache.autoconfigure;

import static io.glasscache.cache.autoconfigure.PropertiesTieredCacheFactory.set;

import java.nio.file.Path;

import io.glasscache.cache.FailoverCacheFactory;
import io.glasscache.cache.stats.StatsRecorderFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Failover cache auto-configuration: a {@link FailoverCacheFactory} whose cache and guard builders are pre-filled
 * from {@code glasscache.failover.*} and report to the application's GlassCache stats. Caches built through it
 * restore their newest snapshot as they are built (so a cache built as a bean is restored before the web server
 * opens its port; a broken snapshot is counted and logged, never fatal), snapshot on their schedule and, when the
 * factory is destroyed at graceful shutdown, one last time. Disable with {@code glasscache.failover.enabled=false}.
 */
@AutoConfiguration(after = TieredCacheAutoConfiguration.class)
@ConditionalOnProperty(prefix = "glasscache.failover", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(FailoverProperties.class)
public class FailoverAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public FailoverCacheFactory failoverCacheFactory(FailoverProperties p,
            ObjectProvider<StatsRecorderFactory> statsProvider) {
        StatsRecorderFactory stats = statsProvider.getIfAvailable(StatsRecorderFactory::noop);
        return new FailoverCacheFactory(b -> {
            b.recordStats(stats).snapshotDirectory(Path.of(p.snapshotDir())).restoreOnBuild(p.restoreOnStartup());
            set(p.snapshotInterval(), b::snapshotInterval);
            set(p.maxSnapshotAge(), b::maxSnapshotAge);
            set(p.snapshotsKept(), b::snapshotsKept);
            set(p.capacity() == null ? null : p.capacity().toBytes(), b::capacity);
            set(p.segmentCount(), b::segmentCount);
            set(p.maxEntrySize() == null ? null : p.maxEntrySize().toBytes(), b::maxEntrySize);
            set(p.maxKeys(), b::maxKeys);
            set(p.valuesPerKey(), b::valuesPerKey);
            p.valuesPerGroup().forEach(b::valuesPerKey);
            set(p.replacementPolicy(), b::replacementPolicy);
            set(p.queueCapacity(), b::queueCapacity);
            set(p.writerThreads(), b::writerThreads);
            set(p.store(), b::store);
        }, g -> {
            set(p.guard().budget(), g::budget);
            set(p.guard().lateDeadline(), g::lateDeadline);
            set(p.guard().parentKey(), g::parentKey);
        });
    }
}
