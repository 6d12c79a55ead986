package io.glasscache.cache.autoconfigure;

import java.util.List;

import io.glasscache.cache.FailoverCacheFactory;
import io.glasscache.cache.RestoreReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;

/**
 * Restores every failover cache built through the {@link FailoverCacheFactory} once the application has started
 * (caches built later restore as they are built). Never fails start-up: each cache reports what it restored and
 * skipped, and anything unexpected is logged.
 */
public class FailoverRestoreRunner implements ApplicationRunner, Ordered {

    private static final Logger log = LoggerFactory.getLogger(FailoverRestoreRunner.class);

    private final FailoverCacheFactory factory;
    private volatile List<RestoreReport> reports = List.of();

    public FailoverRestoreRunner(FailoverCacheFactory factory) {
        this.factory = factory;
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            reports = factory.restoreAll();
            for (RestoreReport r : reports) {
                log.info("Failover cache {} restored: {} values, {} skipped (corrupt {}, truncated {}, too old {}, "
                                + "incompatible {}, rejected {}), snapshot age {}", r.cache(), r.restored(),
                        r.skipped(), r.skippedCorrupt(), r.skippedTruncated(), r.skippedTooOld(),
                        r.skippedIncompatible(), r.skippedRejected(),
                        r.optionalSnapshotAge().map(Object::toString).orElse("n/a"));
            }
        } catch (Throwable t) { // a broken restore must not take the service down with it
            log.error("Failover restore failed; continuing with empty failover caches", t);
        }
    }

    /** What the start-up restore did, one report per cache. */
    public List<RestoreReport> reports() {
        return reports;
    }

    /** Early, so failover data is back before other runners start traffic. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }
}
