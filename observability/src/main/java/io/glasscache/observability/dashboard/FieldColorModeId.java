package io.glasscache.observability.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The colour schemes GlassCache's panels use. */
public enum FieldColorModeId {
    @JsonProperty("thresholds") THRESHOLDS,
    @JsonProperty("palette-classic") PALETTE_CLASSIC,
    @JsonProperty("continuous-GrYlRd") CONTINUOUS_GR_YL_RD,
    @JsonProperty("fixed") FIXED
}
