package io.glasscache.observability.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A variable's value as shown ({@code text}) and as substituted ({@code value}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VariableOption(Boolean selected, String text, String value) {

    public static VariableOption of(String value) {
        return new VariableOption(true, value, value);
    }
}
