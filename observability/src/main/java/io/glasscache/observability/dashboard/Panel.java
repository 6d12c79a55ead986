package io.glasscache.observability.dashboard;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.glasscache.observability.dashboard.prometheus.Dataquery;

/**
 * A visualisation panel. {@link #options} and {@link FieldConfig#custom} hold the kind's own types (e.g.
 * {@link io.glasscache.observability.dashboard.timeseries.Options}); each kind has its {@code PanelBuilder}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "id", "title", "description", "datasource", "gridPos", "links", "maxDataPoints",
        "interval", "targets", "transformations", "options", "fieldConfig"})
public final class Panel implements PanelOrRow {

    public String type;
    public Integer id;
    public String title;
    public String description;
    public DataSourceRef datasource;
    @JsonProperty("gridPos")
    public GridPos gridPos;
    public List<DashboardLink> links;
    public Integer maxDataPoints;
    public String interval;
    public List<Dataquery> targets;
    public List<DataTransformerConfig> transformations;
    public Object options;
    public FieldConfigSource fieldConfig;

    @Override
    public GridPos gridPos() {
        return gridPos;
    }
}
