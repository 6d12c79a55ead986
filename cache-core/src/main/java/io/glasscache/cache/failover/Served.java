package io.glasscache.cache.failover;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link FailoverGuard} hands back for one request: the value to serve, where it came from and, when the
 * primary failed, why.
 *
 * @param value   the value to serve; {@code null} only when {@code source} is {@link Source#EMPTY} and the primary
 *                produced no value either
 * @param source  where the value came from
 * @param failure the primary's failure (unwrapped from {@code CompletionException}), or {@code null}
 * @param <V>     the value type
 */
public record Served<V>(V value, Source source, Throwable failure) {

    /** Where a served value came from. */
    public enum Source {
        /** The primary's own result (usable, or the user has exhausted the content). */
        PRIMARY,
        /** A last-good value from the failover cache, because the primary failed, timed out or returned nothing. */
        FAILOVER,
        /**
         * The primary failed or returned nothing usable and the failover cache had nothing for the key. The value is
         * the primary's (unusable) result if it returned one, else {@code null}.
         */
        EMPTY
    }

    public Served {
        Objects.requireNonNull(source, "source");
        if (source != Source.EMPTY) {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The value, empty only for {@link Source#EMPTY} without a primary result. */
    public Optional<V> optionalValue() {
        return Optional.ofNullable(value);
    }

    /** Whether the value came from the failover cache. */
    public boolean fromFailover() {
        return source == Source.FAILOVER;
    }

    /** The primary's failure, if it failed. */
    public Optional<Throwable> optionalFailure() {
        return Optional.ofNullable(failure);
    }
}
