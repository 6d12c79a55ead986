package io.glasscache.observability.dashboard;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** How the fields of a panel's data are displayed: unit, range, thresholds, colour, mappings, the kind's own. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"displayName", "unit", "decimals", "min", "max", "noValue", "color", "thresholds", "mappings",
        "links", "custom"})
public class FieldConfig {
    public String displayName;
    public String unit;
    public Integer decimals;
    public Double min;
    public Double max;
    public String noValue;
    public FieldColor color;
    public ThresholdsConfig thresholds;
    public List<ValueMapping> mappings;
    public List<DashboardLink> links;
    public Object custom;
}
