package io.glasscache.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.glasscache.testing.AmtoolRunner;
import io.glasscache.testing.PromtoolRunner;
import io.glasscache.testing.ToolResult;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compose and local Prometheus configurations pass {@code promtool check config} with GlassCache's rules loaded
 * (the kind one: {@link KindPrometheusIT}), and every Alertmanager configuration passes {@code amtool check-config};
 * both tools reject a broken one.
 */
class MonitoringConfigIT {

    private final PromtoolRunner promtool = new PromtoolRunner();
    private final AmtoolRunner amtool = new AmtoolRunner();

    @Test
    void theComposeConfigIsValidAndLoadsEveryRule(@TempDir Path dir) throws IOException {
        // compose mounts deploy/prometheus/rules at /etc/prometheus/rules: point a copy at the repository's rules
        String config = Repo.read("deploy/prometheus/prometheus.yml")
                .replace("/etc/prometheus/rules/", Repo.path("deploy/prometheus/rules") + "/");
        Files.writeString(dir.resolve("prometheus.yml"), config);
        assertValidWithEveryRule(promtool.run(dir, "check", "config", "prometheus.yml"));
    }

    @Test
    void theLocalStackConfigIsValidAndLoadsEveryRule(@TempDir Path dir) {
        ToolResult rendered = LocalStack.command(Map.of("GLASSCACHE_RUN_DIR", dir.toString()), "config");
        assertThat(rendered.exitCode()).as(rendered.output()).isZero();
        assertValidWithEveryRule(promtool.run(dir, "check", "config", "prometheus.yml"));
    }

    @Test
    void promtoolRejectsABrokenConfig(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("prometheus.yml"), Repo.read("deploy/prometheus/prometheus.yml")
                .replace("scrape_interval:", "scrape_intervall:").replace("/etc/prometheus/rules/*.yml", "none.yml"));
        ToolResult result = promtool.run(dir, "check", "config", "prometheus.yml");
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("scrape_intervall");
    }

    @Test
    void theAlertmanagerConfigsAreValid(@TempDir Path dir) throws IOException {
        ToolResult repo = amtool.run(Repo.path("deploy/alertmanager"), "check-config", "alertmanager.yml");
        assertThat(repo.exitCode()).as(repo.output()).isZero();
        assertThat(repo.output()).contains("SUCCESS");
        Files.writeString(dir.resolve("alertmanager.yml"),
                configMap(Kustomize.objects(Kustomize.OVERLAY), "alertmanager-config").get("alertmanager.yml"));
        ToolResult kind = amtool.run(dir, "check-config", "alertmanager.yml");
        assertThat(kind.exitCode()).as(kind.output()).isZero();
    }

    @Test
    void amtoolRejectsARouteToAnUndefinedReceiver(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("alertmanager.yml"), "route:\n  receiver: nobody\nreceivers:\n  - name: team\n");
        ToolResult result = amtool.run(dir, "check-config", "alertmanager.yml");
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("nobody");
    }

    /** promtool says SUCCESS and counts, over the rule files, as many rules as deploy/prometheus/rules holds. */
    static void assertValidWithEveryRule(ToolResult result) {
        assertThat(result.exitCode()).as(result.output()).isZero();
        Matcher counts = Pattern.compile("SUCCESS: (\\d+) rules found").matcher(result.output());
        int found = 0;
        while (counts.find()) {
            found += Integer.parseInt(counts.group(1));
        }
        assertThat(found).as(result.output()).isEqualTo(rulesInRepository()).isPositive();
    }

    static int rulesInRepository() {
        int rules = 0;
        for (String file : GeneratedCopies.SOURCES.get(0).files().values()) {
            for (Object group : Topology.list(StrictYaml.map(file).get("groups"))) {
                rules += Topology.list(Topology.map(group).get("rules")).size();
            }
        }
        return rules;
    }

    static Map<String, String> configMap(List<KubernetesObject> objects, String generatorName) {
        return objects.stream().filter(V1ConfigMap.class::isInstance).map(V1ConfigMap.class::cast)
                .filter(c -> c.getMetadata().getName().matches(generatorName + "-[a-z0-9]{10}"))
                .map(V1ConfigMap::getData).findFirst().orElseThrow();
    }
}
