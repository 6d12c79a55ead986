package io.glasscache.observability.dashboard;

/** A threshold step: from {@code value} (null = minus infinity) on, {@code color}. */
public record Threshold(Double value, String color) {
}
