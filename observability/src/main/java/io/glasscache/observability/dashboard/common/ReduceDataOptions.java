package io.glasscache.observability.dashboard.common;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a stat, gauge or bar gauge reduces each series to one value.
 *
 * @param values true to show every value instead of one reduction
 * @param calcs  the reduction, e.g. {@code lastNotNull}
 * @param fields which fields ({@code ""} = numeric fields)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReduceDataOptions(Boolean values, List<String> calcs, String fields) {

    /** The last non-null value of each numeric field. */
    public static ReduceDataOptions lastNotNull() {
        return new ReduceDataOptions(false, List.of("lastNotNull"), "");
    }
}
