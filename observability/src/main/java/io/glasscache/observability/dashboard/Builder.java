package io.glasscache.observability.dashboard;

/**
 * Something that builds a dashboard object, as {@code com.grafana.foundation.cog.Builder} in the Grafana Foundation
 * SDK: every builder of this package implements it, so panels, rows, variables and links compose.
 *
 * @param <T> what it builds
 */
@FunctionalInterface
public interface Builder<T> {

    /** The object as configured so far. */
    T build();
}
