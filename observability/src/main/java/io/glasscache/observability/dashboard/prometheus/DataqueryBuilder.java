package io.glasscache.observability.dashboard.prometheus;

import io.glasscache.observability.dashboard.Builder;
import io.glasscache.observability.dashboard.DataSourceRef;

/** Builds a Prometheus {@link Dataquery}: code editor mode, a range query unless told otherwise. */
public final class DataqueryBuilder implements Builder<Dataquery> {

    private final Dataquery query = new Dataquery();

    public DataqueryBuilder() {
        query.editorMode = "code";
        query.range = true;
    }

    public DataqueryBuilder expr(String expr) {
        query.expr = expr;
        return this;
    }

    public DataqueryBuilder legendFormat(String legendFormat) {
        query.legendFormat = legendFormat;
        return this;
    }

    public DataqueryBuilder refId(String refId) {
        query.refId = refId;
        return this;
    }

    public DataqueryBuilder datasource(DataSourceRef datasource) {
        query.datasource = datasource;
        return this;
    }

    /** An instant query (the last value), for stats, gauges and tables. */
    public DataqueryBuilder instant() {
        query.instant = true;
        query.range = false;
        return this;
    }

    public DataqueryBuilder range() {
        query.instant = false;
        query.range = true;
        return this;
    }

    public DataqueryBuilder format(PromQueryFormat format) {
        query.format = format;
        return this;
    }

    public DataqueryBuilder interval(String interval) {
        query.interval = interval;
        return this;
    }

    @Override
    public Dataquery build() {
        return query;
    }
}
