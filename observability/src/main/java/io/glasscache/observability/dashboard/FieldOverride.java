package io.glasscache.observability.dashboard;

import java.util.List;

/**
 * Field properties that apply to the fields a matcher selects, e.g. matcher {@code byName "limit"} with
 * {@code custom.lineStyle} dashed.
 */
public record FieldOverride(MatcherConfig matcher, List<DynamicConfigValue> properties) {
}
