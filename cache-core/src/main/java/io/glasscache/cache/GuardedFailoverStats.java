package io.glasscache.cache;

import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.glasscache.cache.stats.AnswerRung;
import io.glasscache.cache.stats.EmptyReason;
import io.glasscache.cache.stats.FailoverState;
import io.glasscache.cache.stats.FailoverStatsRecorder;
import io.glasscache.cache.stats.RecordOutcome;
import io.glasscache.cache.stats.RestoreOutcome;

/**
 * A failover cache's recorder, guarded as {@link GuardedCacheStats} guards a tiered cache's: whatever it throws is
 * caught, counted and logged at most once a minute, and the read or write goes on.
 */
final class GuardedFailoverStats implements FailoverStatsRecorder {

    private static final Logger log = LoggerFactory.getLogger(GuardedFailoverStats.class);

    private final FailoverStatsRecorder delegate;
    private final String cacheName;
    private final LongAdder failures = new LongAdder();
    private final RateLimitedLog warnings = new RateLimitedLog(log);

    GuardedFailoverStats(FailoverStatsRecorder delegate, String cacheName) {
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
        warnings.warn("recorder", "failover cache {}: its stats recorder threw; the cache went on: {}", cacheName,
                e.toString());
    }

    @Override
    public void recordRecord(RecordOutcome outcome) {
        try {
            delegate.recordRecord(outcome);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void recordCorruptRead() {
        try {
            delegate.recordCorruptRead();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void recordSample(String group, boolean served, long nanos) {
        try {
            delegate.recordSample(group, served, nanos);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void recordWrite(long nanos) {
        try {
            delegate.recordWrite(nanos);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void recordSnapshot(boolean success, long nanos) {
        try {
            delegate.recordSnapshot(success, nanos);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void recordRestore(RestoreOutcome outcome, long count) {
        try {
            delegate.recordRestore(outcome, count);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void recordAnswer(String group, AnswerRung rung) {
        try {
            delegate.recordAnswer(group, rung);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void recordEmptyAnswer(String group, EmptyReason reason) {
        try {
            delegate.recordEmptyAnswer(group, reason);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void recordLateAnswer(String group, long nanos) {
        try {
            delegate.recordLateAnswer(group, nanos);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void bindState(FailoverState state) {
        try {
            delegate.bindState(state);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void close() {
        try {
            delegate.close();
        } catch (RuntimeException e) {
            failed(e);
        }
    }
}
