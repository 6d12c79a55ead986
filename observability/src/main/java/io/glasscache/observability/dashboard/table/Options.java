package io.glasscache.observability.dashboard.table;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Options of a table panel. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Options {
    public int frameIndex;
    public boolean showHeader = true;
    public boolean showTypeIcons;
    public List<SortBy> sortBy;
    public Footer footer = new Footer(false, List.of(), false);
    public String cellHeight = "sm";

    /** Initial sort by a column. */
    public record SortBy(String displayName, boolean desc) {
    }

    public record Footer(boolean show, List<String> reducer, boolean countRows) {
    }
}
