package io.glasscache.observability.dashboard;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A Grafana dashboard as its JSON model (Grafana 11.6, {@link #SCHEMA_VERSION}): the fields GlassCache's dashboards
 * use, named as in Grafana's published types ({@code @grafana/grafana-foundation-sdk}, module {@code dashboard}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"uid", "title", "description", "tags", "timezone", "editable", "graphTooltip", "time",
        "refresh", "fiscalYearStartMonth", "liveNow", "schemaVersion", "links", "templating", "annotations",
        "panels"})
public class Dashboard {

    /**
     * The dashboard JSON schema version of Grafana 11.6 (and the Foundation SDK's 11.6 build): Grafana migrates
     * older dashboards on load, and a newer number than it knows makes it refuse the import.
     */
    public static final int SCHEMA_VERSION = 41;

    public String uid;
    public String title;
    public String description;
    public List<String> tags;
    public String timezone;
    public Boolean editable;
    public Integer graphTooltip;
    public TimeRange time;
    public String refresh;
    public Integer fiscalYearStartMonth;
    public Boolean liveNow;
    public Integer schemaVersion;
    public List<DashboardLink> links;
    public Templating templating = new Templating();
    public AnnotationContainer annotations = new AnnotationContainer();
    public List<PanelOrRow> panels;

    /** The dashboard's time range, e.g. {@code now-1h} to {@code now}. */
    public record TimeRange(String from, String to) {
    }

    /** The template variables. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Templating {
        public List<VariableModel> list = new ArrayList<>();
    }

    /** Annotation queries; GlassCache's dashboards add none (Grafana adds its built-in one on import). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class AnnotationContainer {
        public List<Object> list = new ArrayList<>();
    }
}
