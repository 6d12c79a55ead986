package io.glasscache.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.glasscache.testing.ToolResult;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Service;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ports, metrics paths and names agree across compose, the kind manifests, the local stack and the applications'
 * own configuration (the demo's application.yml, the exporter's flag defaults as its --help prints them).
 */
class TopologyIT {

    private static SortedMap<String, String> reference;

    @BeforeAll
    static void readTheApplications() {
        String exporterJar = Repo.path("cache-exporter/target/cache-exporter.jar").toString();
        ToolResult help = Commands.run(Duration.ofSeconds(60), Commands.require("java", "a JDK 17"), "-jar",
                exporterJar, "--help");
        assertThat(help.exitCode()).as("java -jar " + exporterJar + " --help (build the jar first)\n"
                + help.output()).isZero();
        // the first document: the defaults, before any profile's
        Map<String, Object> application = Topology.map(StrictYaml.all(
                Repo.read("inference-demo/src/main/resources/application.yml")).get(0));
        reference = Topology.reference(application, help.output());
    }

    @Test
    void theApplicationsSayWhatTheStackIsBuiltOn() {
        assertThat(reference).containsEntry("demo.port", "8080").containsEntry("management.port", "8081")
                .containsEntry("demo.metrics-path", "/actuator/prometheus").containsEntry("exporter.port", "9150")
                .containsEntry("exporter.scrape-path", "/scrape");
    }

    @Test
    void composeKindAndTheLocalStackAgreeWithTheApplications(@TempDir Path dir) {
        Map<String, SortedMap<String, String>> ways = new TreeMap<>();
        ways.put("compose", compose());
        ways.put("kind", Topology.kubernetes(Kustomize.objects(Kustomize.OVERLAY)));
        ways.put("local", local(dir, Map.of()));
        assertThat(Topology.compare(reference, ways)).isEmpty();
        ways.values().forEach(facts -> assertThat(facts.keySet()).containsAll(Topology.REQUIRED));
    }

    @Test
    void aKindServiceOnAnotherPortIsFound() {
        List<KubernetesObject> objects = Kustomize.objects(Kustomize.OVERLAY);
        objects.stream().filter(V1Service.class::isInstance).map(V1Service.class::cast)
                .filter(s -> s.getMetadata().getName().equals("cache-exporter"))
                .forEach(s -> s.getSpec().getPorts().get(0).setPort(9151));
        assertThat(Topology.compare(reference, Map.of("kind", Topology.kubernetes(objects))))
                .containsExactly("kind: states no job.memcached.exporter-port");
    }

    @Test
    void aKindRingThatIsNotTheStatefulSetsPodsIsFound() {
        List<KubernetesObject> objects = Kustomize.objects(Kustomize.OVERLAY);
        objects.stream().filter(o -> o instanceof V1ConfigMap c
                        && c.getMetadata().getName().startsWith("inference-demo-env-"))
                .map(V1ConfigMap.class::cast)
                .forEach(c -> c.getData().put("GLASSCACHE_MEMCACHED_SERVERS",
                        "memcached-0.memcached:11211,memcached-1.memcached:11211,memcached-3.memcached:11211"));
        assertThat(Topology.compare(reference, Map.of("kind", Topology.kubernetes(objects))))
                .containsExactlyInAnyOrder("kind: ring.nodes=memcached-0,memcached-1,memcached-3, expected "
                        + "memcached-0,memcached-1,memcached-2", "kind: [memcached-0.memcached:11211, "
                        + "memcached-1.memcached:11211, memcached-3.memcached:11211] is not the StatefulSet's pods "
                        + "[memcached-0.memcached, memcached-1.memcached, memcached-2.memcached]");
    }

    @Test
    void aLocalStackOnOtherPortsIsFound(@TempDir Path dir) {
        assertThat(Topology.compare(reference, Map.of("local", local(dir, Map.of("DEMO_PORT", "18080",
                "MEMCACHED_PORTS", "11211 11212")))))
                .containsExactlyInAnyOrder("local: demo.port=18080, expected 8080", "local: ring.size=2, expected 3",
                        "local: ring.nodes=memcached-0,memcached-1, expected memcached-0,memcached-1,memcached-2",
                        "local: job.memcached.targets=2, expected 3");
    }

    static SortedMap<String, String> compose() {
        return Topology.compose(ComposeFileTest.compose(), StrictYaml.map(Repo.read("deploy/prometheus/prometheus.yml")),
                StrictYaml.map(Repo.read("deploy/grafana/provisioning/datasources/prometheus.yml")));
    }

    private static SortedMap<String, String> local(Path dir, Map<String, String> knobs) {
        Map<String, String> env = new TreeMap<>(knobs);
        env.put("GLASSCACHE_RUN_DIR", dir.toString());
        ToolResult config = LocalStack.command(env, "config");
        assertThat(config.exitCode()).as(config.output()).isZero();
        ToolResult status = LocalStack.command(env, "status");
        return Topology.local(config.output(), status.output(),
                StrictYaml.map(read(dir.resolve("prometheus.yml"))),
                StrictYaml.map(read(dir.resolve("grafana/provisioning/datasources/prometheus.yml"))));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
