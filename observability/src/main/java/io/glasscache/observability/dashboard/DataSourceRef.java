package io.glasscache.observability.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A data source by plugin type and uid. GlassCache's dashboards use {@code ${datasource}} as the uid (a datasource
 * template variable), never a fixed uid, so that they import into any Grafana.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataSourceRef(String type, String uid) {
}
