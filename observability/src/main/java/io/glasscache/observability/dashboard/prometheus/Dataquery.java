package io.glasscache.observability.dashboard.prometheus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.glasscache.observability.dashboard.DataSourceRef;

/** A Prometheus query of a panel, as the Foundation SDK's {@code prometheus.Dataquery}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"refId", "datasource", "editorMode", "expr", "legendFormat", "instant", "range", "format",
        "interval"})
public class Dataquery {
    public String refId;
    public DataSourceRef datasource;
    public String editorMode;
    public String expr;
    public String legendFormat;
    public Boolean instant;
    public Boolean range;
    public PromQueryFormat format;
    public String interval;
}
