package io.glasscache.observability.dashboard;

import java.util.List;

/** Threshold steps: the first step's value is {@code null} (minus infinity). */
public record ThresholdsConfig(ThresholdsMode mode, List<Threshold> steps) {
}
