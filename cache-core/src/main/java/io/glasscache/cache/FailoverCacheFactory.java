package io.glasscache.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.glasscache.cache.codec.KryoCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@link FailoverCache} and {@link FailoverGuard} builders pre-filled with shared defaults (in Spring Boot,
 * from {@code glasscache.failover.*}) and keeps track of the caches built through them, so that they can be
 * restored at start-up and closed (final snapshot) at shutdown together. Free of Spring.
 */
public final class FailoverCacheFactory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FailoverCacheFactory.class);

    private final Consumer<FailoverCache.Builder<?>> defaults;
    private final Consumer<FailoverGuard.Builder<?>> guardDefaults;
    private final boolean restoreOnBuild;
    private final List<FailoverCache<?>> caches = new CopyOnWriteArrayList<>();
    private final List<String> restored = new CopyOnWriteArrayList<>();
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * @param defaults       applied to every new cache builder before the caller's own settings
     * @param guardDefaults  applied to every new guard builder before the caller's own settings
     * @param restoreOnBuild whether caches built after {@link #restoreAll()} has run restore themselves at once
     */
    public FailoverCacheFactory(Consumer<FailoverCache.Builder<?>> defaults,
            Consumer<FailoverGuard.Builder<?>> guardDefaults, boolean restoreOnBuild) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.guardDefaults = Objects.requireNonNull(guardDefaults, "guardDefaults");
        this.restoreOnBuild = restoreOnBuild;
    }

    /**
     * A builder for a cache called {@code name}, pre-filled with the factory's defaults (override any of them on the
     * builder). Caches it builds are registered with this factory: restored by {@link #restoreAll()} (or at once if
     * that has already run), snapshotted on their schedule and closed, with a final snapshot, by {@link #close()}.
     */
    public <V> FailoverCache.Builder<V> builder(String name, KryoCodec<V> codec) {
        FailoverCache.Builder<V> builder = FailoverCache.builder(name, codec);
        defaults.accept(builder);
        builder.onBuild(this::register);
        return builder;
    }

    /** A guard builder over {@code cache}, pre-filled with the factory's guard defaults. */
    public <V> FailoverGuard.Builder<V> guard(FailoverCache<V> cache) {
        FailoverGuard.Builder<V> builder = FailoverGuard.builder(cache);
        guardDefaults.accept(builder);
        return builder;
    }

    /** Restores every cache built so far (each one at most once through the factory); never throws. */
    public synchronized List<RestoreReport> restoreAll() {
        List<RestoreReport> reports = new ArrayList<>();
        for (FailoverCache<?> cache : caches) {
            if (!restored.contains(cache.name())) {
                reports.add(restoreOne(cache));
            }
        }
        started = true;
        return reports;
    }

    /** Closes every cache built through this factory (each takes a final snapshot). Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (FailoverCache<?> cache : caches) {
            try {
                cache.close();
            } catch (RuntimeException e) {
                log.warn("failover cache {} did not close cleanly", cache.name(), e);
            }
        }
        caches.clear();
    }

    private RestoreReport restoreOne(FailoverCache<?> cache) {
        RestoreReport report = cache.restore();
        restored.add(cache.name());
        return report;
    }

    private synchronized void register(FailoverCache<?> cache) {
        if (closed) {
            cache.close();
            throw new IllegalStateException("failover cache factory is closed");
        }
        if (caches.stream().anyMatch(c -> c.name().equals(cache.name()))) {
            cache.close();
            throw new IllegalStateException("a failover cache called " + cache.name() + " was already built");
        }
        caches.add(cache);
        if (started && restoreOnBuild) {
            restoreOne(cache);
        }
    }
}
