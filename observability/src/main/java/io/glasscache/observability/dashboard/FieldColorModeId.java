package io.glasscache.observability.dashboard;

import com.fasterxml.jackson.annotation.JsonValue;

/** The colour schemes GlassCache's panels use. */
public enum FieldColorModeId {
    THRESHOLDS("thresholds"),
    PALETTE_CLASSIC("palette-classic"),
    CONTINUOUS_GR_YL_RD("continuous-GrYlRd"),
    FIXED("fixed");

    private final String value;

    FieldColorModeId(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }
}
