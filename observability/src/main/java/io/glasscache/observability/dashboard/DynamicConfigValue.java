package io.glasscache.observability.dashboard;

/** One overridden field property: {@code id} as Grafana names it ({@code unit}, {@code custom.axisPlacement}...). */
public record DynamicConfigValue(String id, Object value) {
}
