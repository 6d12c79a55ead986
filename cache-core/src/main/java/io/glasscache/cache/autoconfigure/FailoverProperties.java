package io.glasscache.cache.autoconfigure;

import java.time.Duration;
import java.util.Map;

import io.glasscache.cache.ReplacementPolicy;
import io.glasscache.cache.StoreType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Defaults for the failover caches and guards built through the auto-configured
 * {@link io.glasscache.cache.FailoverCacheFactory} ({@code glasscache.failover.*}). Each cache may override any of
 * them on its builder. A setting left out keeps the builder's default ({@code FailoverCache.Defaults},
 * {@code FailoverGuard.Defaults}), written only there; in parentheses below. See docs/failover.md.
 *
 * @param enabled           whether the failover auto-configuration is active (true)
 * @param snapshotDir       directory for snapshot files, one per process ({@code ./data/failover}; Spring Boot
 *                          turns snapshots on, a plain builder does not)
 * @param snapshotInterval  period of automatic snapshots; 0 disables them, one is still taken at shutdown (60s)
 * @param maxSnapshotAge    records older than this are skipped at restore (24h)
 * @param snapshotsKept     snapshot generations kept on disk, at least 2 (2)
 * @param restoreOnStartup  whether factory-built caches restore their newest snapshot as they are built, before
 *                          their first periodic snapshot and before the web server opens its port (true)
 * @param capacity          store capacity per cache, off-heap or heap (64MB)
 * @param segmentCount      OHC segments per cache (16)
 * @param maxEntrySize      largest encoded value stored; larger ones are counted rejections (1MB)
 * @param maxKeys           most distinct keys (group + segment) per cache (10000)
 * @param valuesPerKey      values kept per key by default (16)
 * @param valuesPerGroup    values kept per key, by group pattern (exact name or glob with {@code *}; in YAML quote
 *                          patterns with brackets, e.g. {@code "[dest*]": 8})
 * @param replacementPolicy which value a new one replaces when a key is full (oldest)
 * @param queueCapacity     write queue capacity per cache; overflow is discarded and counted (1024)
 * @param writerThreads     writer threads per cache (1)
 * @param store             auto (off-heap, else heap with a warning), off-heap or heap (auto)
 * @param guard             the degradation ladder of the guards
 */
@ConfigurationProperties("glasscache.failover")
public record FailoverProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("./data/failover") String snapshotDir,
        Duration snapshotInterval,
        Duration maxSnapshotAge,
        Integer snapshotsKept,
        @DefaultValue("true") boolean restoreOnStartup,
        DataSize capacity,
        Integer segmentCount,
        DataSize maxEntrySize,
        Integer maxKeys,
        Integer valuesPerKey,
        Map<String, Integer> valuesPerGroup,
        ReplacementPolicy replacementPolicy,
        Integer queueCapacity,
        Integer writerThreads,
        StoreType store,
        @DefaultValue Guard guard) {

    public FailoverProperties {
        valuesPerGroup = valuesPerGroup == null ? Map.of() : Map.copyOf(valuesPerGroup);
    }

    /**
     * The degradation ladder ({@code glasscache.failover.guard.*}).
     *
     * @param budget       the primary's window before the last-good values answer (none: only failures move down)
     * @param lateDeadline how long after the start a late primary answer is still served (250ms; 0 turns it off)
     * @param parentKey    whether a key's parent (its group) answers when the key holds no last-good value (true)
     */
    public record Guard(Duration budget, Duration lateDeadline, Boolean parentKey) {
    }
}
