package io.glasscache.observability.dashboard.table;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The custom field options of a table: alignment and how cells are drawn. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FieldConfig {
    public String align = "auto";
    public CellOptions cellOptions = new CellOptions("auto");
    public boolean inspect;

    /** How a cell is drawn: {@code auto}, {@code color-background}, {@code gauge}... */
    public record CellOptions(String type) {
    }
}
