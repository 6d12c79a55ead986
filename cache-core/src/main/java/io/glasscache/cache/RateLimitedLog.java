package io.glasscache.cache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/** At most one WARN per cause per minute; what is suppressed is still counted by the caller's metrics. */
final class RateLimitedLog {

    private static final long PERIOD_NANOS = 60_000_000_000L;

    private final Logger log;
    private final ConcurrentHashMap<String, AtomicLong> lastLogged = new ConcurrentHashMap<>();

    RateLimitedLog(Logger log) {
        this.log = log;
    }

    /** Logs at WARN unless {@code cause} was logged within the last minute. */
    void warn(String cause, String format, Object... args) {
        AtomicLong last = lastLogged.computeIfAbsent(cause, c -> new AtomicLong(System.nanoTime() - PERIOD_NANOS));
        long now = System.nanoTime();
        long previous = last.get();
        if (now - previous >= PERIOD_NANOS && last.compareAndSet(previous, now)) {
            log.warn(format + " (further '" + cause + "' warnings suppressed for a minute; see metrics)", args);
        }
    }
}
