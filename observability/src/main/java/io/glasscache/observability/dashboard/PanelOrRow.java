package io.glasscache.observability.dashboard;

/** An entry of a dashboard's panel list: a {@link Panel} or a {@link RowPanel}, as in Grafana's JSON model. */
public sealed interface PanelOrRow permits Panel, RowPanel {

    /** The panel's position on the 24-column grid. */
    GridPos gridPos();
}
