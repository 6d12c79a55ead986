package io.glasscache.observability.dashboard.stat;

import com.fasterxml.jackson.annotation.JsonValue;
import io.glasscache.observability.dashboard.common.ReduceDataOptions;
import io.glasscache.observability.dashboard.common.VizOrientation;

/** Options of a stat panel (Grafana's defaults, as the Foundation SDK sets them). */
public class Options {
    public GraphMode graphMode = GraphMode.AREA;
    public ColorMode colorMode = ColorMode.VALUE;
    public JustifyMode justifyMode = JustifyMode.AUTO;
    public TextMode textMode = TextMode.AUTO;
    public boolean wideLayout = true;
    public boolean showPercentChange;
    public ReduceDataOptions reduceOptions = ReduceDataOptions.lastNotNull();
    public String percentChangeColorMode = "standard";
    public VizOrientation orientation = VizOrientation.AUTO;

    public enum GraphMode {
        NONE("none"), LINE("line"), AREA("area");

        private final String value;

        GraphMode(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }

    public enum ColorMode {
        VALUE("value"), BACKGROUND("background"), NONE("none");

        private final String value;

        ColorMode(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }

    public enum JustifyMode {
        AUTO("auto"), CENTER("center");

        private final String value;

        JustifyMode(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }

    public enum TextMode {
        AUTO("auto"), VALUE("value"), VALUE_AND_NAME("value_and_name"), NAME("name"), NONE("none");

        private final String value;

        TextMode(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }
}
