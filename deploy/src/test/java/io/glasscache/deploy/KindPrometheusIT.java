package io.glasscache.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glasscache.testing.FreePort;
import io.glasscache.testing.PrometheusServer;
import io.glasscache.testing.PromtoolRunner;
import io.kubernetes.client.common.KubernetesObject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The kind Prometheus configuration, as far as it can be run here. Debian's Prometheus (2.42+ds) is built without
 * Kubernetes service discovery, so promtool cannot read {@code kubernetes_sd_configs}. Instead: the SD blocks pass a
 * schema check of their own; promtool checks everything else with them swapped for file discovery; and a real
 * Prometheus runs the relabelling over synthetic pods carrying the {@code __meta_kubernetes_*} labels pod discovery
 * gives, to show which targets it keeps and how it names them. Every address is on loopback.
 */
class KindPrometheusIT {

    private static final String EXPORTER = "cache-exporter:9150";
    private static final String ALERTMANAGER = "alertmanager:9093";

    private static List<KubernetesObject> objects;
    private static Map<String, Object> config;

    @BeforeAll
    static void build() {
        objects = Kustomize.objects(Kustomize.OVERLAY);
        config = StrictYaml.map(Topology.configMapValue(objects, "prometheus-config", "prometheus.yml"));
    }

    @Test
    void everyDiscoveryBlockIsPodDiscoveryInPrometheusOwnNamespace() {
        int blocks = 0;
        for (Object job : Topology.list(config.get("scrape_configs"))) {
            for (Object sd : Topology.list(Topology.map(job).get("kubernetes_sd_configs"))) {
                assertThat(sdProblems(Topology.map(sd))).isEmpty();
                blocks++;
            }
        }
        assertThat(blocks).isEqualTo(2);
    }

    @Test
    void aWrongDiscoveryBlockIsFound() {
        assertThat(sdProblems(Map.of("role", "pods", "namespaces", Map.of("own_namespace", true))))
                .containsExactly("role pods, not pod");
        assertThat(sdProblems(Map.of("role", "pod", "namespace", Map.of("names", List.of("glasscache")))))
                .containsExactly("unknown field namespace", "not limited to its own namespace");
    }

    @Test
    void promtoolAcceptsTheRestOfTheConfigWithEveryRule(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("prometheus.yml"), runnable(dir, "127.0.0.1:9", "127.0.0.1:9"));
        writeRules(dir);
        Files.writeString(dir.resolve("pods.json"), "[]");
        MonitoringConfigIT.assertValidWithEveryRule(new PromtoolRunner().run(dir, "check", "config",
                "prometheus.yml"));
    }

    @Test
    void theRelabellingKeepsOneTargetPerDemoPodAndPerMemcachedPod(@TempDir Path dir) throws IOException {
        // Pods as pod discovery describes them (one target per container port). Addresses are loopback ones that
        // answer nothing; the exporter and Alertmanager become closed loopback ports.
        List<Map<String, Object>> pods = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pods.add(pod("memcached-" + i, "memcached", "127.0.1." + (i + 1), "memcached", 11211));
        }
        pods.add(pod("inference-demo-0", "inference-demo", "127.0.2.1", "http", 8080));
        pods.add(pod("inference-demo-0", "inference-demo", "127.0.2.1", "http-metrics", 8081));
        pods.add(pod("inference-demo-1", "inference-demo", "127.0.2.2", "http", 8080));
        pods.add(pod("inference-demo-1", "inference-demo", "127.0.2.2", "http-metrics", 8081));
        pods.add(pod("cache-exporter-abc", "cache-exporter", "127.0.3.1", "http-metrics", 9150));
        pods.add(pod("grafana-abc", "grafana", "127.0.4.1", "http", 3000));
        Files.writeString(dir.resolve("pods.json"), new ObjectMapper().writeValueAsString(pods));
        int exporterPort = FreePort.pick();
        String prometheusYml = runnable(dir, "127.0.0.1:" + exporterPort, "127.0.0.1:" + FreePort.pick());
        List<Path> files = new ArrayList<>(writeRules(dir));
        files.add(dir.resolve("pods.json")); // copied beside the configuration, where file discovery reads it

        try (PrometheusServer prometheus = PrometheusServer.start(prometheusYml, files)) {
            Map<String, List<String>> kept = new TreeMap<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                kept.clear();
                for (JsonNode target : prometheus.getJson("/api/v1/targets").path("data").path("activeTargets")) {
                    kept.computeIfAbsent(target.path("labels").path("job").asText(), j -> new ArrayList<>())
                            .add(target.path("labels").path("instance").asText() + " " + target.path("scrapeUrl")
                                    .asText());
                }
                return kept.values().stream().mapToInt(List::size).sum() == 5;
            });
            assertThat(kept.get("inference-demo")).containsExactlyInAnyOrder(
                    "inference-demo-0:8081 http://127.0.2.1:8081/actuator/prometheus",
                    "inference-demo-1:8081 http://127.0.2.2:8081/actuator/prometheus");
            assertThat(kept.get("memcached")).containsExactlyInAnyOrder(
                    "memcached-0:11211 http://127.0.0.1:" + exporterPort + "/scrape?target=127.0.1.1%3A11211",
                    "memcached-1:11211 http://127.0.0.1:" + exporterPort + "/scrape?target=127.0.1.2%3A11211",
                    "memcached-2:11211 http://127.0.0.1:" + exporterPort + "/scrape?target=127.0.1.3%3A11211");
            // and the rules load into the running server
            JsonNode groups = prometheus.getJson("/api/v1/rules").path("data").path("groups");
            int rules = 0;
            for (JsonNode group : groups) {
                rules += group.path("rules").size();
            }
            assertThat(rules).isEqualTo(MonitoringConfigIT.rulesInRepository());
        }
    }

    /** What is wrong with one kubernetes_sd_configs entry: pod discovery, limited to Prometheus' own namespace. */
    static List<String> sdProblems(Map<String, Object> sd) {
        List<String> problems = new ArrayList<>();
        for (String key : sd.keySet()) {
            if (!List.of("role", "namespaces", "selectors", "attach_metadata").contains(key)) {
                problems.add("unknown field " + key);
            }
        }
        if (!"pod".equals(sd.get("role"))) {
            problems.add("role " + sd.get("role") + ", not pod");
        }
        if (!Boolean.TRUE.equals(Topology.at(sd, "namespaces", "own_namespace"))) {
            problems.add("not limited to its own namespace");
        }
        return problems;
    }

    /**
     * The configuration with pod discovery swapped for file discovery of pods.json, the rules referenced by their
     * file names, and the exporter and Alertmanager (Service names in the cluster) replaced by loopback addresses.
     */
    @SuppressWarnings("unchecked")
    private static String runnable(Path dir, String exporter, String alertmanager) {
        Map<String, Object> copy = StrictYaml.map(new Yaml().dump(config));
        List<String> rules = new ArrayList<>(MonitoringConfigIT.configMap(objects, "prometheus-rules").keySet());
        copy.put("rule_files", rules);
        for (Object job : Topology.list(copy.get("scrape_configs"))) {
            Map<String, Object> scrape = (Map<String, Object>) job;
            assertThat(scrape.remove("kubernetes_sd_configs")).isNotNull();
            scrape.put("file_sd_configs", List.of(Map.of("files", List.of("pods.json"))));
            for (Object relabel : Topology.list(scrape.get("relabel_configs"))) {
                Map<String, Object> rule = (Map<String, Object>) relabel;
                if (EXPORTER.equals(rule.get("replacement"))) {
                    rule.put("replacement", exporter);
                }
            }
        }
        String text = new Yaml().dump(copy);
        assertThat(text).contains(ALERTMANAGER);
        return text.replace(ALERTMANAGER, alertmanager);
    }

    private static List<Path> writeRules(Path dir) {
        List<Path> files = new ArrayList<>();
        try {
            for (Map.Entry<String, String> rule : MonitoringConfigIT.configMap(objects, "prometheus-rules")
                    .entrySet()) {
                files.add(Files.writeString(dir.resolve(rule.getKey()), rule.getValue()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** One target of pod discovery: a container port of a pod, with the meta labels Prometheus gives it. */
    private static Map<String, Object> pod(String name, String app, String ip, String portName, int port) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("__meta_kubernetes_namespace", "glasscache");
        labels.put("__meta_kubernetes_pod_name", name);
        labels.put("__meta_kubernetes_pod_ip", ip);
        labels.put("__meta_kubernetes_pod_label_app", app);
        labels.put("__meta_kubernetes_pod_container_port_name", portName);
        labels.put("__meta_kubernetes_pod_container_port_number", String.valueOf(port));
        return Map.of("targets", List.of(ip + ":" + port), "labels", labels);
    }
}
