package io.glasscache.deploy;

import static io.glasscache.deploy.Topology.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The cross-check finds each kind of disagreement (the real comparison runs in {@link TopologyIT}). */
class TopologyTest {

    private static final String HELP = """
              --web.listen-address=VALUE                   Address to listen on for HTTP. (default: :9150)
              --web.telemetry-path=VALUE                   Path of the metrics. (default: /metrics)
              --web.scrape-path=VALUE                      Path of multi-target scrapes. (default: /scrape)
            """;

    private static SortedMap<String, String> reference() {
        return Topology.reference(StrictYaml.map("""
                server: {port: 8080}
                management:
                  server: {port: 8081}
                  endpoints: {web: {exposure: {include: "health,prometheus,info"}}}
                  endpoint: {health: {probes: {enabled: true}}}
                """), HELP);
    }

    private static SortedMap<String, String> compose(Map<String, Object> compose) {
        return Topology.compose(compose, StrictYaml.map(Repo.read("deploy/prometheus/prometheus.yml")),
                StrictYaml.map(Repo.read("deploy/grafana/provisioning/datasources/prometheus.yml")));
    }

    @Test
    void theReferenceFollowsTheApplications() {
        assertThat(reference()).containsEntry("demo.metrics-path", "/actuator/prometheus")
                .containsEntry("demo.readiness-path", "/actuator/health/readiness")
                .containsEntry("job.memcached.path", "/scrape").containsEntry("exporter.port", "9150");
        SortedMap<String, String> moved = Topology.reference(StrictYaml.map("""
                server: {port: 9080}
                management:
                  server: {port: 9081}
                  endpoints: {web: {base-path: /manage, exposure: {include: "health,prometheus"}}}
                  endpoint: {health: {probes: {enabled: true}}}
                """), HELP.replace(":9150", ":9151"));
        assertThat(moved).containsEntry("demo.metrics-path", "/manage/prometheus").containsEntry("exporter.port",
                "9151").containsEntry("job.inference-demo.port", "9081");
    }

    @Test
    void composeAgreesAsItIs() {
        assertThat(Topology.compare(reference(), Map.of("compose", compose(ComposeFileTest.compose())))).isEmpty();
    }

    @Test
    void aComposeHealthcheckOnAnotherPortIsFound() {
        Map<String, Object> compose = ComposeFileTest.compose();
        Map<String, Object> demo = ComposeFileTest.service(compose, "inference-demo");
        map(demo.get("healthcheck")).put("test", List.of("CMD", "curl", "-fsS",
                "http://127.0.0.1:8082/actuator/health/readiness"));
        assertThat(Topology.compare(reference(), Map.of("compose", compose(compose))))
                .containsExactlyInAnyOrder("compose: demo.readiness-port=8082, expected 8081",
                        "compose: states no management.port");
    }

    @Test
    void aComposeRingNodeThatIsNoServiceIsFound() {
        Map<String, Object> compose = ComposeFileTest.compose();
        map(ComposeFileTest.service(compose, "inference-demo").get("environment")).put("GLASSCACHE_MEMCACHED_SERVERS",
                "memcached-0:11211,memcached-1:11211,memcache-2:11211");
        assertThat(Topology.compare(reference(), Map.of("compose", compose(compose))))
                .contains("compose: memcache-2 is not a service");
    }

    @Test
    void aComposeExporterAllowlistWiderThanTheRingIsFound() {
        Map<String, Object> compose = ComposeFileTest.compose();
        ComposeFileTest.service(compose, "cache-exporter").put("command", List.of(
                "--memcached.address=memcached-0:11211", "--scrape.allowed-targets=memcached-*:11211"));
        assertThat(Topology.compare(reference(), Map.of("compose", compose(compose))))
                .containsExactly("compose: the exporter's --scrape.allowed-targets=memcached-*:11211 is not exactly "
                        + "the ring's nodes memcached-0:11211,memcached-1:11211,memcached-2:11211");
    }

    @Test
    void aMissingAWrongAndAnUnknownFactAreEachFound() {
        SortedMap<String, String> facts = new TreeMap<>(reference());
        facts.remove("jobs");
        facts.put("prometheus.port", "9091");
        facts.put("prometheus.prot", "9090");
        assertThat(Topology.compare(reference(), Map.of("x", facts))).containsExactlyInAnyOrder("x: states no jobs",
                "x: prometheus.port=9091, expected 9090", "x: prometheus.prot=9090 is not a fact of the reference");
    }
}
