package io.glasscache.observability.dashboard;

import java.util.ArrayList;
import java.util.List;

/** Builds a {@link ThresholdsConfig}: absolute mode unless told otherwise. */
public final class ThresholdsConfigBuilder implements Builder<ThresholdsConfig> {

    private ThresholdsMode mode = ThresholdsMode.ABSOLUTE;
    private final List<Threshold> steps = new ArrayList<>();

    public ThresholdsConfigBuilder mode(ThresholdsMode mode) {
        this.mode = mode;
        return this;
    }

    public ThresholdsConfigBuilder steps(List<Threshold> steps) {
        this.steps.clear();
        this.steps.addAll(steps);
        return this;
    }

    /** The base step (from minus infinity). */
    public ThresholdsConfigBuilder base(String color) {
        steps.add(new Threshold(null, color));
        return this;
    }

    public ThresholdsConfigBuilder step(double from, String color) {
        steps.add(new Threshold(from, color));
        return this;
    }

    @Override
    public ThresholdsConfig build() {
        return new ThresholdsConfig(mode, List.copyOf(steps));
    }
}
