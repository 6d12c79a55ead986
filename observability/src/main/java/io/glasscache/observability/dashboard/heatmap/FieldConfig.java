package io.glasscache.observability.dashboard.heatmap;

/** The custom field options of a heatmap. */
public class FieldConfig {
    public ScaleDistribution scaleDistribution = new ScaleDistribution("linear");
    public HideFrom hideFrom = new HideFrom(false, false, false);

    public record ScaleDistribution(String type) {
    }

    public record HideFrom(boolean tooltip, boolean legend, boolean viz) {
    }
}
