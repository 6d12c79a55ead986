package io.glasscache.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** What makes the dashboards importable as-is and a set: stable uids, one data source variable, links. */
class DashboardStructureTest {

    private static final Map<String, String> UIDS = Map.of(
            "feature-cache.json", "glasscache-feature-cache",
            "memcached.json", "glasscache-memcached",
            "failover.json", "glasscache-failover",
            "inference-slo.json", "glasscache-inference-slo");

    private final Map<String, JsonNode> dashboards = Dashboards.generated();

    @Test
    void eachFileHasItsStableUid() {
        assertThat(dashboards.keySet()).containsExactlyInAnyOrderElementsOf(UIDS.keySet());
        dashboards.forEach((file, d) -> assertThat(d.path("uid").asText()).as(file).isEqualTo(UIDS.get(file)));
    }

    @Test
    void eachLinksToTheOtherThree() {
        dashboards.forEach((file, d) -> {
            List<String> urls = new ArrayList<>();
            d.path("links").forEach(l -> urls.add(l.path("url").asText()));
            List<String> others = UIDS.entrySet().stream().filter(e -> !e.getKey().equals(file))
                    .map(e -> "/d/" + e.getValue()).toList();
            assertThat(urls).as(file).containsExactlyInAnyOrderElementsOf(others);
        });
    }

    @Test
    void noDataSourceIsHardCoded() {
        dashboards.forEach((file, d) -> {
            String text = d.toString();
            assertThat(text).as(file).doesNotContain("__inputs").doesNotContain("DS_PROMETHEUS");
            d.findValues("datasource").forEach(ds -> {
                if (ds.isObject()) {
                    assertThat(ds.path("uid").asText()).as(file).isEqualTo("${datasource}");
                }
            });
        });
    }

    @Test
    void theFeatureCacheDashboardShowsMemcachedBesideTheAppHitRatio() {
        JsonNode d = dashboards.get("feature-cache.json");
        JsonNode panel = Dashboards.panels(d).stream()
                .filter(p -> p.path("title").asText().equals("App hit ratio vs memcached evictions")).findFirst()
                .orElseThrow();
        assertThat(panel.path("targets").get(0).path("expr").asText()).contains("_hits_total");
        assertThat(panel.path("targets").get(1).path("expr").asText()).contains("memcached_items_evicted_total");
    }

    @Test
    void theMemcachedDashboardHasALimitLineAndACollapsedSlabRow() {
        JsonNode d = dashboards.get("memcached.json");
        assertThat(d.toString()).contains("memcached_limit_bytes").contains("memcached_max_connections");
        JsonNode slabs = Dashboards.panels(d).stream()
                .filter(p -> "row".equals(p.path("type").asText()) && p.path("title").asText().startsWith("Slab"))
                .findFirst().orElseThrow();
        assertThat(slabs.path("collapsed").asBoolean()).isTrue();
        assertThat(slabs.path("panels")).isNotEmpty();
    }
}
