package io.glasscache.cache;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.glasscache.cache.codec.KryoCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@link FailoverCache} and {@link FailoverGuard} builders pre-filled with shared defaults (in Spring Boot,
 * from {@code glasscache.failover.*}, where caches restore their snapshot as they are built) and keeps track of the
 * caches built through them, so that they are closed (final snapshot) at shutdown together. Free of Spring.
 */
public final class FailoverCacheFactory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FailoverCacheFactory.class);

    private final Consumer<FailoverCache.Builder<?>> defaults;
    private final Consumer<FailoverGuard.Builder<?>> guardDefaults;
    private final List<FailoverCache<?>> caches = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * @param defaults       applied to every new cache builder before the caller's own settings
     * @param guardDefaults  applied to every new guard builder before the caller's own settings
     */
    public FailoverCacheFactory(Consumer<FailoverCache.Builder<?>> defaults,
            Consumer<FailoverGuard.Builder<?>> guardDefaults) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.guardDefaults = Objects.requireNonNull(guardDefaults, "guardDefaults");
    }

    /**
     * A builder for a cache called {@code name}, pre-filled with the factory's defaults (override any of them on the
     * builder). Caches it builds are registered with this factory and closed, with a final snapshot, by
     * {@link #close()}.
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
    }
}
