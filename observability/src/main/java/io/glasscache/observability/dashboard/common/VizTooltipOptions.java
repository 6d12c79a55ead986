package io.glasscache.observability.dashboard.common;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A panel's tooltip: one series or all, and their order. */
public record VizTooltipOptions(Mode mode, Sort sort) {

    /** Every series at the hovered time, largest first. */
    public static VizTooltipOptions allDescending() {
        return new VizTooltipOptions(Mode.MULTI, Sort.DESC);
    }

    public enum Mode {
        @JsonProperty("single") SINGLE,
        @JsonProperty("multi") MULTI,
        @JsonProperty("none") NONE
    }

    public enum Sort {
        @JsonProperty("asc") ASC,
        @JsonProperty("desc") DESC,
        @JsonProperty("none") NONE
    }
}
