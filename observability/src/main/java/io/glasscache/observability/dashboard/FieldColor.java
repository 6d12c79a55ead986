package io.glasscache.observability.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A field's colour scheme: {@code mode} is a {@link FieldColorModeId}, {@code fixedColor} for mode fixed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldColor(FieldColorModeId mode, String fixedColor) {

    public static FieldColor fixed(String color) {
        return new FieldColor(FieldColorModeId.FIXED, color);
    }

    public static FieldColor of(FieldColorModeId mode) {
        return new FieldColor(mode, null);
    }
}
