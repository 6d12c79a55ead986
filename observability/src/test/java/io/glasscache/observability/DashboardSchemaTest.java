package io.glasscache.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.glasscache.observability.dashboard.Dashboard;
import org.junit.jupiter.api.Test;

/**
 * Every generated dashboard against Grafana's own published dashboard types: the JSON Schema that
 * {@code observability/grafana-schema} derives from {@code @grafana/grafana-foundation-sdk} (the 11.6 build). The
 * dashboard, each Prometheus target, and each panel's options and custom field config against its kind's types;
 * every type rejects fields it does not declare.
 */
class DashboardSchemaTest {

    private static final Path SCHEMA_DIR = RepoPaths.grafanaSchema();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

    private final JsonNode manifest = read(SCHEMA_DIR.resolve("schema-manifest.json"));
    private final JsonNode schemas = read(SCHEMA_DIR.resolve(manifest.path("file").asText())).path("schemas");
    private final Map<String, JsonNode> dashboards = Dashboards.generated();

    private static JsonNode read(Path file) {
        try {
            return Dashboards.JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    @Test
    void theCommittedSchemaIsTheOneItsManifestDescribes() throws IOException, NoSuchAlgorithmException {
        byte[] schema = Files.readAllBytes(SCHEMA_DIR.resolve(manifest.path("file").asText()));
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(schema));
        assertThat(manifest.path("sha256").asText()).as("schema hash (regenerate: cd observability/grafana-schema"
                + " && npm ci && npm run generate)").isEqualTo(sha256);

        String pinned = read(SCHEMA_DIR.resolve("package.json")).path("devDependencies")
                .path("@grafana/grafana-foundation-sdk").asText();
        String locked = read(SCHEMA_DIR.resolve("package-lock.json")).path("packages")
                .path("node_modules/@grafana/grafana-foundation-sdk").path("version").asText();
        assertThat(manifest.path("version").asText()).isEqualTo(pinned).isEqualTo(locked).startsWith("11.6.");
        assertThat(manifest.path("schemaVersion").asInt()).as("the SDK's dashboard schemaVersion")
                .isEqualTo(Dashboard.SCHEMA_VERSION).isEqualTo(41);
    }

    @Test
    void everyDashboardMatchesGrafanasTypes() {
        dashboards.forEach((name, dashboard) -> {
            assertThat(dashboard.path("schemaVersion").asInt()).isEqualTo(Dashboard.SCHEMA_VERSION);
            assertThat(problems(dashboard)).as(name).isEmpty();
        });
    }

    @Test
    void everyPanelKindUsedHasItsTypesInTheSchema() {
        List<String> kinds = dashboards.values().stream().flatMap(d -> Dashboards.panels(d).stream())
                .map(p -> p.path("type").asText()).filter(t -> !t.equals("row")).distinct().toList();
        assertThat(kinds).containsExactlyInAnyOrder("timeseries", "stat", "gauge", "bargauge", "heatmap", "table",
                "text");
        for (String kind : kinds) {
            assertThat(schemas.has(kind + ".Options")).as(kind).isTrue();
        }
    }

    @Test
    void aMisspeltFieldIsRejectedByTheSchema() {
        ObjectNode broken = Dashboards.copy(dashboards.get("feature-cache.json"));
        ObjectNode panel = Dashboards.first(broken, "timeseries");
        panel.set("titel", panel.remove("title"));
        assertThat(problems(broken)).anySatisfy(p -> assertThat(p).contains("titel"));

        ObjectNode brokenOptions = Dashboards.copy(dashboards.get("feature-cache.json"));
        ObjectNode options = (ObjectNode) Dashboards.first(brokenOptions, "stat").path("options");
        options.set("colourMode", options.remove("colorMode"));
        assertThat(problems(brokenOptions)).anySatisfy(p -> assertThat(p).contains("colourMode"));

        ObjectNode brokenTarget = Dashboards.copy(dashboards.get("memcached.json"));
        ObjectNode target = (ObjectNode) Dashboards.first(brokenTarget, "timeseries").path("targets").get(0);
        target.set("legend", target.remove("legendFormat"));
        assertThat(problems(brokenTarget)).anySatisfy(p -> assertThat(p).contains("legend"));
    }

    @Test
    void aValueOfTheWrongTypeIsRejectedByTheSchema() {
        ObjectNode broken = Dashboards.copy(dashboards.get("failover.json"));
        ((ObjectNode) Dashboards.first(broken, "gauge").path("gridPos")).put("w", "twelve");
        ((ArrayNode) broken.path("tags")).add(7);
        assertThat(problems(broken)).hasSizeGreaterThanOrEqualTo(2);
    }

    /** Schema violations of the dashboard, its targets and each panel's options and custom field config. */
    private List<String> problems(JsonNode dashboard) {
        List<String> problems = new ArrayList<>();
        validate("dashboard.Dashboard", dashboard, "dashboard", problems);
        for (JsonNode panel : Dashboards.panels(dashboard)) {
            String kind = panel.path("type").asText();
            String where = "panel '" + panel.path("title").asText() + "'";
            if (kind.equals("row")) {
                continue;
            }
            validate(kind + ".Options", panel.path("options"), where + " options", problems);
            JsonNode custom = panel.path("fieldConfig").path("defaults").path("custom");
            if (schemas.has(kind + ".FieldConfig") && !custom.isMissingNode()) {
                validate(kind + ".FieldConfig", custom, where + " custom field config", problems);
            }
            for (JsonNode target : panel.path("targets")) {
                validate("prometheus.dataquery", target, where + " target " + target.path("refId").asText(),
                        problems);
            }
        }
        return problems;
    }

    private void validate(String root, JsonNode instance, String where, List<String> problems) {
        assertThat(schemas.has(root)).as("schema root " + root).isTrue();
        JsonSchema schema = FACTORY.getSchema(schemas.get(root));
        for (ValidationMessage message : schema.validate(instance)) {
            problems.add(where + ": " + message.getMessage());
        }
    }
}
