package io.glasscache.cache.autoconfigure;

import java.time.Duration;
import java.util.Map;

import io.glasscache.cache.failover.ReplacementPolicy;
import io.glasscache.cache.failover.StoreType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Defaults for the failover caches built through the auto-configured
 * {@link io.glasscache.cache.failover.FailoverCacheFactory} ({@code glasscache.failover.*}). Each cache may override
 * any of them on its builder. See docs/failover.md.
 *
 * @param enabled           whether the failover auto-configuration is active
 * @param snapshotDir       directory for snapshot files; one directory per process
 * @param snapshotInterval  period of automatic snapshots; 0 disables them (one is still taken at shutdown)
 * @param maxSnapshotAge    records older than this are skipped at restore
 * @param snapshotsKept     snapshot generations kept on disk (at least 2: the newest and the previous)
 * @param restoreOnStartup  whether an ApplicationRunner restores every factory-built cache at start-up
 * @param capacity          store capacity per cache (off-heap memory, or heap for the heap store)
 * @param segmentCount      OHC segments per cache (concurrency of the off-heap store)
 * @param maxEntrySize      largest encoded value stored; larger ones are counted rejections
 * @param maxKeys           most distinct keys (group + segment) per cache
 * @param valuesPerKey      values kept per key by default
 * @param valuesPerGroup    values kept per key, by group pattern (exact name or glob with {@code *}; in YAML quote
 *                          patterns with brackets, e.g. {@code "[dest*]": 8})
 * @param replacementPolicy which value a new one replaces when a key is full
 * @param queueCapacity     write queue capacity per cache; overflow is discarded and counted
 * @param writerThreads     writer threads per cache
 * @param store             auto (off-heap, else heap with a warning), off-heap or heap
 * @param maxMetricGroups   most distinct {@code group} tag values per cache; further groups count as "other"
 */
@ConfigurationProperties("glasscache.failover")
public record FailoverProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("./data/failover") String snapshotDir,
        @DefaultValue("60s") Duration snapshotInterval,
        @DefaultValue("24h") Duration maxSnapshotAge,
        @DefaultValue("2") int snapshotsKept,
        @DefaultValue("true") boolean restoreOnStartup,
        @DefaultValue("64MB") DataSize capacity,
        @DefaultValue("16") int segmentCount,
        @DefaultValue("1MB") DataSize maxEntrySize,
        @DefaultValue("10000") int maxKeys,
        @DefaultValue("16") int valuesPerKey,
        Map<String, Integer> valuesPerGroup,
        @DefaultValue("oldest") ReplacementPolicy replacementPolicy,
        @DefaultValue("1024") int queueCapacity,
        @DefaultValue("1") int writerThreads,
        @DefaultValue("auto") StoreType store,
        @DefaultValue("32") int maxMetricGroups) {

    public FailoverProperties {
        valuesPerGroup = valuesPerGroup == null ? Map.of() : Map.copyOf(valuesPerGroup);
    }
}
