package io.glasscache.observability.dashboard.common;

import com.fasterxml.jackson.annotation.JsonValue;

/** A panel's tooltip: one series or all, and their order. */
public record VizTooltipOptions(Mode mode, Sort sort) {

    /** Every series at the hovered time, largest first. */
    public static VizTooltipOptions allDescending() {
        return new VizTooltipOptions(Mode.MULTI, Sort.DESC);
    }

    public enum Mode {
        SINGLE("single"), MULTI("multi"), NONE("none");

        private final String value;

        Mode(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }

    public enum Sort {
        ASC("asc"), DESC("desc"), NONE("none");

        private final String value;

        Sort(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }
}
