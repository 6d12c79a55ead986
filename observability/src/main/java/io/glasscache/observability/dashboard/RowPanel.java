package io.glasscache.observability.dashboard;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A row: a full-width header. A collapsed row holds its panels in {@link #panels}; an expanded row's panels follow
 * it in the dashboard's list and its own list is empty, as Grafana saves them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "id", "title", "collapsed", "gridPos", "panels"})
public final class RowPanel implements PanelOrRow {

    public final String type = "row";
    public Integer id;
    public String title;
    public boolean collapsed;
    @JsonProperty("gridPos")
    public GridPos gridPos;
    public List<Panel> panels = new ArrayList<>();

    @Override
    public GridPos gridPos() {
        return gridPos;
    }
}
