package io.glasscache.observability.dashboard;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A value mapping of type {@code value}: exact values shown as text (and colour), e.g. memcached_up 0 as "DOWN".
 */
public record ValueMapping(String type, Map<String, Result> options) {

    /** A {@code value} mapping of the given values. */
    public static ValueMapping values(Map<String, Result> options) {
        return new ValueMapping("value", options);
    }

    /** What a mapped value shows. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String text, String color, Integer index) {
    }
}
