package io.glasscache.deploy;

import static io.glasscache.deploy.Topology.at;
import static io.glasscache.deploy.Topology.list;
import static io.glasscache.deploy.Topology.map;
import static io.glasscache.deploy.Topology.str;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What deploy/compose/compose.yaml must hold beyond being valid: a file both Compose v2 and the Debian
 * docker-compose 1.29 read, pinned images, healthchecks that gate start-up, memory limits, non-root users, read-only
 * root filesystems, no unauthenticated port beyond loopback, a named volume for the failover snapshots and a Grafana
 * admin password that has no default.
 */
final class ComposeChecks {

    /** ${VAR:?message}: Compose refuses to start without VAR (a default would be ${VAR:-x}). */
    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{[A-Z_]+:\\?[^}]+}");

    /**
     * Ports published on 127.0.0.1 only: those with no authentication in front of them (the actuator, memcached,
     * the exporter, Prometheus, Alertmanager's silences API) and Grafana, which lets anonymous users view.
     */
    private static final List<String> LOOPBACK_ONLY = List.of("8081", "11211", "9150", "9090", "9093", "3000");

    private ComposeChecks() {
    }

    static List<String> check(Map<String, Object> compose) {
        List<String> problems = new ArrayList<>();
        for (String key : List.of("version", "name")) {
            if (compose.containsKey(key)) {
                problems.add("top-level '" + key + ":': the Compose specification has none, and docker-compose "
                        + "1.29 reads a file without it as the specification");
            }
        }
        Map<String, Object> services = map(compose.get("services"));
        List<String> dependedOn = new ArrayList<>();
        services.values().forEach(s -> dependedOn.addAll(map(map(s).get("depends_on")).keySet()));
        services.forEach((name, value) -> {
            Map<String, Object> service = map(value);
            String image = str(service.get("image"));
            if (image == null || !ManifestChecks.pinned(image)) {
                problems.add(name + ": image " + image + " is not pinned to a version");
            }
            boolean serves = !list(service.get("ports")).isEmpty() || dependedOn.contains(name);
            if (serves && list(at(service, "healthcheck", "test")).isEmpty()) {
                problems.add(name + ": serves others but has no healthcheck");
            }
            Object dependsOn = service.get("depends_on");
            if (dependsOn instanceof List<?>) {
                problems.add(name + ": depends_on is a list: start-up is not gated on health");
            }
            map(dependsOn).forEach((dependency, condition) -> {
                if (!"service_healthy".equals(map(condition).get("condition"))) {
                    problems.add(name + ": depends on " + dependency + " without condition service_healthy");
                } else if (list(at(services.get(dependency), "healthcheck", "test")).isEmpty()) {
                    problems.add(name + ": waits for " + dependency + " to be healthy, which has no healthcheck");
                }
            });
            if (service.get("mem_limit") == null) {
                problems.add(name + ": no mem_limit");
            }
            String user = str(service.get("user"));
            if (user == null || user.equals("root") || user.equals("0") || user.startsWith("0:")
                    || user.startsWith("root:")) {
                problems.add(name + ": runs as " + (user == null ? "the image's user (not stated)" : user)
                        + ", not a named non-root user");
            }
            if (!Boolean.TRUE.equals(service.get("read_only"))) {
                problems.add(name + ": root filesystem is writable (read_only: true)");
            }
            for (Object port : list(service.get("ports"))) {
                String[] parts = str(port).split(":");
                String containerPort = parts[parts.length - 1];
                if (LOOPBACK_ONLY.contains(containerPort) && !(parts.length == 3 && parts[0].equals("127.0.0.1"))) {
                    problems.add(name + ": port " + port + " is published beyond 127.0.0.1");
                }
            }
        });

        Map<String, Object> demo = map(services.get("inference-demo"));
        String snapshots = str(at(demo, "environment", "GLASSCACHE_FAILOVER_SNAPSHOT_DIR"));
        boolean onNamedVolume = list(demo.get("volumes")).stream().map(String::valueOf).anyMatch(v -> {
            String[] parts = v.split(":");
            return parts.length >= 2 && parts[1].equals(snapshots)
                    && map(compose.get("volumes")).containsKey(parts[0]);
        });
        if (snapshots == null || !onNamedVolume) {
            problems.add("inference-demo: the failover snapshots (" + snapshots + ") are not on a named volume");
        }

        String password = str(at(services.get("grafana"), "environment", "GF_SECURITY_ADMIN_PASSWORD"));
        if (password == null || !REQUIRED_VARIABLE.matcher(password).matches()) {
            problems.add("grafana: the admin password is " + password + ", not a required variable ${VAR:?...}");
        }
        return problems;
    }
}
