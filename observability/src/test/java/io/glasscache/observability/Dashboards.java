package io.glasscache.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasscache.observability.mixin.GlassCacheMixin;
import io.glasscache.observability.mixin.MixinConfig;

/** The generated dashboards as JSON trees (what Grafana imports), for the tests. */
final class Dashboards {

    static final ObjectMapper JSON = new ObjectMapper();

    private Dashboards() {
    }

    /** File name -> dashboard JSON, for the default configuration. */
    static Map<String, JsonNode> generated() {
        return of(new GlassCacheMixin(MixinConfig.defaults()));
    }

    static Map<String, JsonNode> of(GlassCacheMixin mixin) {
        Map<String, JsonNode> dashboards = new LinkedHashMap<>();
        mixin.files().forEach((path, text) -> {
            if (path.startsWith(GlassCacheMixin.DASHBOARDS)) {
                dashboards.put(path.substring(GlassCacheMixin.DASHBOARDS.length()), parse(text));
            }
        });
        return dashboards;
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A deep copy to break. */
    static ObjectNode copy(JsonNode dashboard) {
        return (ObjectNode) dashboard.deepCopy();
    }

    /** Every panel, rows' nested panels included (rows themselves too). */
    static java.util.List<JsonNode> panels(JsonNode dashboard) {
        java.util.List<JsonNode> panels = new java.util.ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            panels.add(p);
            p.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /** The first panel of {@code type} (a deep part of {@code dashboard}: changes show in it). */
    static ObjectNode first(JsonNode dashboard, String type) {
        return (ObjectNode) panels(dashboard).stream().filter(p -> type.equals(p.path("type").asText())).findFirst()
                .orElseThrow();
    }
}
