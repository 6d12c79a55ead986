package io.glasscache.cache;

import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Cache;

import io.glasscache.cache.stats.CacheOperation;
import io.glasscache.cache.stats.CacheStatsRecorder;
import io.glasscache.cache.stats.ErrorReason;
import io.glasscache.cache.stats.L2Operation;
import io.glasscache.cache.stats.LoadResult;
import io.glasscache.cache.stats.StaleReason;
import io.glasscache.cache.stats.Tier;

/**
 * A tiered cache's recorder, guarded: whatever the recorder throws is caught, counted (reported through the
 * recorder's own {@link CacheStatsRecorder#bindRecorderFailures}) and logged at most once a minute, so a broken
 * metrics library never breaks a read. A try block costs nothing on the path where nothing is thrown.
 */
final class GuardedCacheStats implements CacheStatsRecorder {

    private static final Logger log = LoggerFactory.getLogger(GuardedCacheStats.class);

    private final CacheStatsRecorder delegate;
    private final String cacheName;
    private final LongAdder failures = new LongAdder();
    private final RateLimitedLog warnings = new RateLimitedLog(log);

    GuardedCacheStats(CacheStatsRecorder delegate, String cacheName) {
        this.delegate = delegate;
        this.cacheName = cacheName;
        try {
            delegate.bindRecorderFailures(failures::sum);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** Calls into the recorder that threw. */
    long failures() {
        return failures.sum();
    }

    private void failed(RuntimeException e) {
        failures.increment();
        warnings.warn("recorder", "cache {}: its stats recorder threw; the read went on: {}", cacheName, e.toString());
    }

    @Override
    public void recordRequest(CacheOperation operation) {
        try {
            delegate.recordRequest(operation);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void recordL1GetHit() {
        try {
            delegate.recordL1GetHit();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void recordHits(CacheOperation operation, Tier tier, int count) {
        try {
            delegate.recordHits(operation, tier, count);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void recordMisses(CacheOperation operation, int count) {
        try {
            delegate.recordMisses(operation, count);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void recordLatency(CacheOperation operation, Tier tier, long nanos) {
        try {
            delegate.recordLatency(operation, tier, nanos);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void recordError(CacheOperation operation, ErrorReason reason) {
        try {
            delegate.recordError(operation, reason);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void recordLoads(LoadResult result, int keys) {
        try {
            delegate.recordLoads(result, keys);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void recordLoadLatency(LoadResult result, long nanos) {
        try {
            delegate.recordLoadLatency(result, nanos);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void recordSourceCall() {
        try {
            delegate.recordSourceCall();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void recordLoadWait(long nanos) {
        try {
            delegate.recordLoadWait(nanos);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void recordWaiterTimeout() {
        try {
            delegate.recordWaiterTimeout();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void recordCoalesced(int count) {
        try {
            delegate.recordCoalesced(count);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void recordEarlyRefresh() {
        try {
            delegate.recordEarlyRefresh();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void recordStaleServed(StaleReason reason) {
        try {
            delegate.recordStaleServed(reason);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void recordL2Latency(L2Operation operation, int server, long nanos) {
        try {
            delegate.recordL2Latency(operation, server, nanos);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void recordL2Error(L2Operation operation, int server, ErrorReason reason) {
        try {
            delegate.recordL2Error(operation, server, reason);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public boolean recordsL1Stats() {
        try {
            return delegate.recordsL1Stats();
        } catch (RuntimeException e) {
            failed(e);
            return false;
        }
    }

    @Override
    public void bindL1(Cache<?, ?> l1) {
        try {
            delegate.bindL1(l1);
        } catch (RuntimeException e) {
            failed(e);
        }
    }
}
