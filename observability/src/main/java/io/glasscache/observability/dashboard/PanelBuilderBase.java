package io.glasscache.observability.dashboard;

import java.util.ArrayList;
import java.util.List;

import io.glasscache.observability.dashboard.prometheus.Dataquery;

/**
 * What every panel builder has, as the Foundation SDK's panel builders each have it: title, description, data source,
 * size, targets, links, transformations, and the standard field options (unit, range, thresholds, colour, mappings,
 * overrides). Each kind's {@code PanelBuilder} extends it with its own options.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class PanelBuilderBase<B extends PanelBuilderBase<B>> implements Builder<Panel> {

    /** Size of a panel with no {@code span}/{@code height}; negative x/y mean "place me" (flow layout). */
    static final GridPos DEFAULT_SIZE = new GridPos(8, 12, -1, -1);

    protected final Panel panel = new Panel();

    protected PanelBuilderBase(String type) {
        panel.type = type;
        panel.fieldConfig = new FieldConfigSource();
        panel.gridPos = DEFAULT_SIZE;
    }

    @SuppressWarnings("unchecked")
    protected final B self() {
        return (B) this;
    }

    protected FieldConfig defaults() {
        return panel.fieldConfig.defaults;
    }

    public B title(String title) {
        panel.title = title;
        return self();
    }

    public B description(String description) {
        panel.description = description;
        return self();
    }

    public B datasource(DataSourceRef datasource) {
        panel.datasource = datasource;
        return self();
    }

    /** An explicit position (the dashboard's flow layout leaves it alone). */
    public B gridPos(GridPos gridPos) {
        panel.gridPos = gridPos;
        return self();
    }

    /** Height in grid rows (about 30 px each). */
    public B height(int height) {
        GridPos pos = panel.gridPos;
        panel.gridPos = new GridPos(height, pos.w(), pos.x(), pos.y());
        return self();
    }

    /** Width in columns of the 24-column grid. */
    public B span(int span) {
        GridPos pos = panel.gridPos;
        panel.gridPos = new GridPos(pos.h(), span, pos.x(), pos.y());
        return self();
    }

    public B withTarget(Builder<Dataquery> target) {
        if (panel.targets == null) {
            panel.targets = new ArrayList<>();
        }
        panel.targets.add(target.build());
        return self();
    }

    public B links(List<DashboardLink> links) {
        panel.links = List.copyOf(links);
        return self();
    }

    public B interval(String interval) {
        panel.interval = interval;
        return self();
    }

    public B maxDataPoints(int maxDataPoints) {
        panel.maxDataPoints = maxDataPoints;
        return self();
    }

    public B withTransformation(DataTransformerConfig transformation) {
        if (panel.transformations == null) {
            panel.transformations = new ArrayList<>();
        }
        panel.transformations.add(transformation);
        return self();
    }

    public B displayName(String displayName) {
        defaults().displayName = displayName;
        return self();
    }

    /** A Grafana unit id: {@code s}, {@code percentunit}, {@code reqps}, {@code bytes}... */
    public B unit(String unit) {
        defaults().unit = unit;
        return self();
    }

    public B decimals(int decimals) {
        defaults().decimals = decimals;
        return self();
    }

    public B min(double min) {
        defaults().min = min;
        return self();
    }

    public B max(double max) {
        defaults().max = max;
        return self();
    }

    public B noValue(String noValue) {
        defaults().noValue = noValue;
        return self();
    }

    public B thresholds(Builder<ThresholdsConfig> thresholds) {
        defaults().thresholds = thresholds.build();
        return self();
    }

    public B colorScheme(FieldColor color) {
        defaults().color = color;
        return self();
    }

    public B mappings(List<ValueMapping> mappings) {
        defaults().mappings = List.copyOf(mappings);
        return self();
    }

    public B withOverride(MatcherConfig matcher, List<DynamicConfigValue> properties) {
        panel.fieldConfig.overrides.add(new FieldOverride(matcher, List.copyOf(properties)));
        return self();
    }

    public B overrideByName(String name, List<DynamicConfigValue> properties) {
        return withOverride(MatcherConfig.byName(name), properties);
    }

    public B overrideByQuery(String refId, List<DynamicConfigValue> properties) {
        return withOverride(MatcherConfig.byQuery(refId), properties);
    }

    /** The panel; targets without a refId get A, B, C... in order. */
    @Override
    public Panel build() {
        if (panel.targets != null) {
            char next = 'A';
            for (Dataquery target : panel.targets) {
                if (target.refId == null) {
                    target.refId = String.valueOf(next);
                }
                next++;
            }
        }
        return panel;
    }
}
