package io.glasscache.observability.dashboard.heatmap;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.glasscache.observability.dashboard.common.VisibilityMode;

/**
 * Options of a heatmap panel showing pre-bucketed data (Prometheus {@code _bucket} series, query format
 * {@code heatmap}), so Grafana does not re-bucket ({@code calculate: false}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Options {
    public boolean calculate;
    public Color color = new Color("scheme", "Oranges", "dark-orange", "exponential", 0.5, 64, false);
    public RowsFrame rowsFrame = new RowsFrame("le");
    public VisibilityMode showValue = VisibilityMode.NEVER;
    public int cellGap = 1;
    public YAxis yAxis = new YAxis("s", "left", false);
    public Legend legend = new Legend(true);
    public Tooltip tooltip = new Tooltip("single", true, true);
    public Exemplars exemplars = new Exemplars("rgba(255,0,255,0.7)");

    /** Cell colours. */
    public record Color(String mode, String scheme, String fill, String scale, double exponent, int steps,
                        boolean reverse) {
    }

    /** How bucket rows are read: {@code le} = each bucket is an upper bound, as Prometheus writes them. */
    public record RowsFrame(String layout) {
    }

    /** The y axis (bucket bounds) and its unit. */
    public record YAxis(String unit, String axisPlacement, boolean reverse) {
    }

    public record Legend(boolean show) {
    }

    public record Tooltip(String mode, boolean yHistogram, boolean showColorScale) {
    }

    public record Exemplars(String color) {
    }
}
