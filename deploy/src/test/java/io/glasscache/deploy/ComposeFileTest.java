package io.glasscache.deploy;

import static io.glasscache.deploy.Topology.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** deploy/compose/compose.yaml holds to {@link ComposeChecks}, and each check fails on a file that breaks it. */
class ComposeFileTest {

    static final String COMPOSE = "deploy/compose/compose.yaml";

    private record Breakage(String what, Consumer<Map<String, Object>> change, String expected) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Map<String, Object> compose() {
        return StrictYaml.map(Repo.read(COMPOSE));
    }

    static Map<String, Object> service(Map<String, Object> compose, String name) {
        return map(map(compose.get("services")).get(name));
    }

    @Test
    void theComposeFilePassesEveryCheck() {
        assertThat(ComposeChecks.check(compose())).isEmpty();
    }

    @Test
    void theStackIsTheRingTheExporterTheDemoTheLoadAndTheMonitoring() {
        assertThat(map(compose().get("services")).keySet()).containsExactlyInAnyOrder("memcached-0", "memcached-1",
                "memcached-2", "cache-exporter", "inference-demo", "loadgen", "prometheus", "alertmanager", "grafana");
    }

    @Test
    void theLoadGeneratorRunsByDefault() {
        Map<String, Object> loadgen = service(compose(), "loadgen");
        assertThat(loadgen).doesNotContainKey("profiles");
        assertThat(Topology.list(loadgen.get("command"))).contains("--rate");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    void everyCheckCanFail(Breakage breakage) {
        Map<String, Object> compose = compose();
        breakage.change().accept(compose);
        assertThat(ComposeChecks.check(compose)).as(breakage.what()).isNotEmpty()
                .allSatisfy(problem -> assertThat(problem).contains(breakage.expected()));
    }

    static Stream<Arguments> breakages() {
        return Stream.of(
                new Breakage("a version key", c -> c.put("version", "3.8"), "'version:'"),
                new Breakage("a name key", c -> c.put("name", "glasscache"), "'name:'"),
                new Breakage("an image tagged latest",
                        c -> service(c, "prometheus").put("image", "prom/prometheus:latest"), "not pinned"),
                new Breakage("an untagged image",
                        c -> service(c, "memcached-1").put("image", "memcached"), "not pinned"),
                new Breakage("no healthcheck on a service others wait for",
                        c -> service(c, "alertmanager").remove("healthcheck"), "alertmanager"),
                new Breakage("depends_on without a health condition",
                        c -> service(c, "loadgen").put("depends_on", List.of("inference-demo")), "not gated"),
                new Breakage("a dependency that is only started",
                        c -> map(service(c, "grafana").get("depends_on")).put("prometheus",
                                Map.of("condition", "service_started")), "without condition service_healthy"),
                new Breakage("no memory limit", c -> service(c, "cache-exporter").remove("mem_limit"), "mem_limit"),
                new Breakage("no user", c -> service(c, "inference-demo").remove("user"), "not stated"),
                new Breakage("root", c -> service(c, "memcached-2").put("user", "0:0"), "runs as 0:0"),
                new Breakage("a writable root filesystem",
                        c -> service(c, "prometheus").put("read_only", false), "read_only"),
                new Breakage("the management port on every interface",
                        c -> service(c, "inference-demo").put("ports", List.of("8080:8080", "8081:8081")),
                        "8081:8081"),
                new Breakage("memcached on every interface",
                        c -> service(c, "memcached-0").put("ports", List.of("11211:11211")), "11211:11211"),
                new Breakage("Alertmanager (silences without a password) on every interface",
                        c -> service(c, "alertmanager").put("ports", List.of("9093:9093")), "9093:9093"),
                new Breakage("the exporter on every interface",
                        c -> service(c, "cache-exporter").put("ports", List.of("0.0.0.0:9150:9150")),
                        "0.0.0.0:9150:9150"),
                new Breakage("snapshots in the container's own filesystem",
                        c -> service(c, "inference-demo").put("volumes", new ArrayList<>()), "named volume"),
                new Breakage("a default admin password",
                        c -> map(service(c, "grafana").get("environment")).put("GF_SECURITY_ADMIN_PASSWORD",
                                "${GRAFANA_ADMIN_PASSWORD:-admin}"), "not a required variable")
        ).map(Arguments::of);
    }
}
