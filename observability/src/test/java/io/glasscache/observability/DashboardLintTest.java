package io.glasscache.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasscache.observability.lint.DashboardLinter;
import io.glasscache.observability.lint.Problem;
import org.junit.jupiter.api.Test;

/** The generated dashboards pass the linter, and each of its rules rejects what it is about. */
class DashboardLintTest {

    private final Map<String, JsonNode> dashboards = Dashboards.generated();
    private final JsonNode featureCache = dashboards.get("feature-cache.json");

    @Test
    void everyGeneratedDashboardPasses() {
        assertThat(dashboards).hasSize(4);
        dashboards.forEach((name, dashboard) -> assertThat(DashboardLinter.lint(dashboard)).as(name).isEmpty());
    }

    @Test
    void aPanelThirtyColumnsWideIsRejectedByTheGridCheck() {
        ObjectNode broken = Dashboards.copy(featureCache);
        ObjectNode panel = Dashboards.first(broken, "timeseries");
        ((ObjectNode) panel.path("gridPos")).put("x", 0).put("w", 30);
        assertThat(rules(broken)).contains("panel-gridpos");
        assertThat(DashboardLinter.lint(broken)).anySatisfy(p -> assertThat(p.message()).contains("width 30"));
    }

    @Test
    void aPanelBuiltThirtyColumnsWideIsRejectedToo() {
        // Through the builder: its flow layout places the panel, the linter refuses its width.
        var dashboard = new io.glasscache.observability.dashboard.DashboardBuilder("wide").uid("wide")
                .withPanel(new io.glasscache.observability.dashboard.text.PanelBuilder().title("t").description("d")
                        .span(30))
                .build();
        JsonNode json = Dashboards.parse(io.glasscache.observability.dashboard.DashboardJson.write(dashboard));
        assertThat(DashboardLinter.lint(json)).extracting(Problem::rule).contains("panel-gridpos");
    }

    @Test
    void overlappingPanelsAreRejected() {
        assertRejected("panel-gridpos", d -> {
            List<JsonNode> panels = Dashboards.panels(d).stream()
                    .filter(p -> "timeseries".equals(p.path("type").asText())).toList();
            ((ObjectNode) panels.get(1).path("gridPos")).setAll((ObjectNode) panels.get(0).path("gridPos").deepCopy());
        });
    }

    @Test
    void aFixedRangeInRateIsRejected() {
        assertRejected("target-rate-interval", d -> target(d).put("expr",
                target(d).path("expr").asText().replace("$__rate_interval", "5m")));
    }

    @Test
    void aCounterReadWithoutRateIsRejected() {
        assertRejected("target-counter-agg", d -> target(d).put("expr",
                "sum(model_serving_feature_cache_requests_total{job=~\"$job\", instance=~\"$instance\"})"));
    }

    @Test
    void aSelectorWithoutTheJobOrInstanceVariableIsRejected() {
        assertRejected("target-job", d -> target(d).put("expr",
                "sum(rate(model_serving_feature_cache_requests_total{instance=~\"$instance\"}[$__rate_interval]))"));
        assertRejected("target-instance", d -> target(d).put("expr",
                "sum(rate(model_serving_feature_cache_requests_total{job=~\"$job\"}[$__rate_interval]))"));
    }

    @Test
    void anUndefinedVariableIsRejected() {
        assertRejected("template-undefined", d -> target(d).put("expr",
                target(d).path("expr").asText().replace("$cache_name", "$cache")));
    }

    @Test
    void aHardCodedDatasourceIsRejected() {
        assertRejected("template-datasource", d -> ((ObjectNode) Dashboards.first(d, "stat").path("datasource"))
                .put("uid", "P1809F7CD0C75ACF3"));
        assertRejected("template-datasource", d -> ((ArrayNode) d.path("templating").path("list")).remove(0));
    }

    @Test
    void missingJobOrInstanceVariablesAreRejected() {
        assertRejected("template-job", d -> ((ArrayNode) d.path("templating").path("list")).remove(1));
        assertRejected("template-instance", d -> ((ObjectNode) d.path("templating").path("list").get(2))
                .put("refresh", 1));
    }

    @Test
    void aPanelWithoutUnitTitleDescriptionOrTargetsIsRejected() {
        assertRejected("panel-units", d -> ((ObjectNode) Dashboards.first(d, "heatmap").path("fieldConfig")
                .path("defaults")).remove("unit"));
        assertRejected("panel-units", d -> ((ObjectNode) Dashboards.first(d, "stat").path("fieldConfig")
                .path("defaults")).put("unit", "percentunits"));
        assertRejected("panel-title-description", d -> Dashboards.first(d, "heatmap").remove("description"));
        assertRejected("panel-title-description", d -> Dashboards.first(d, "row").put("title", ""));
        assertRejected("panel-no-targets", d -> Dashboards.first(d, "table").remove("targets"));
    }

    @Test
    void duplicateIdsAndRefIdsAreRejected() {
        assertRejected("panel-ids", d -> Dashboards.first(d, "stat").put("id",
                Dashboards.first(d, "timeseries").path("id").asInt()));
        assertRejected("target-refids", d -> {
            ArrayNode targets = (ArrayNode) Dashboards.first(d, "table").path("targets");
            ((ObjectNode) targets.get(1)).put("refId", targets.get(0).path("refId").asText());
        });
    }

    private void assertRejected(String rule, Consumer<ObjectNode> breakIt) {
        ObjectNode broken = Dashboards.copy(featureCache);
        breakIt.accept(broken);
        assertThat(rules(broken)).as("rules that found problems").contains(rule);
    }

    private static List<String> rules(JsonNode dashboard) {
        return DashboardLinter.lint(dashboard).stream().map(Problem::rule).distinct().toList();
    }

    /** The first target of the first time series panel. */
    private static ObjectNode target(JsonNode dashboard) {
        return (ObjectNode) Dashboards.first(dashboard, "timeseries").path("targets").get(0);
    }
}
