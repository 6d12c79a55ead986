package io.glasscache.deploy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1StatefulSet;

/**
 * The stack's topology as facts ("demo.port" = "8080", "job.memcached.path" = "/scrape", ...), read from each way
 * to run it (compose, the kind manifests, the local stack) and from the applications' own configuration, so that
 * one comparison finds a port, a metrics path or a name that one of them disagrees on.
 */
final class Topology {

    /** Ports and names fixed for every way (shared with the dashboards and rules). */
    static final Map<String, String> FIXED = Map.of(
            "memcached.port", "11211",
            "ring.size", "3",
            "ring.nodes", "memcached-0,memcached-1,memcached-2",
            "prometheus.port", "9090",
            "alertmanager.port", "9093",
            "grafana.port", "3000",
            "jobs", "inference-demo,memcached",
            "services", "alertmanager,cache-exporter,grafana,inference-demo,loadgen,memcached,prometheus");

    /** Keys every way must state, so that a fact one way fails to yield is a failure, not a silent pass. */
    static final List<String> REQUIRED = List.of("services", "memcached.port", "ring.size", "ring.nodes",
            "exporter.port", "demo.port", "management.port", "demo.readiness-path",
            "demo.readiness-port",
            "job.inference-demo.path", "job.inference-demo.port", "job.memcached.path", "job.memcached.exporter-port",
            "job.memcached.targets", "jobs", "prometheus.port", "alertmanager.port", "alerting.port", "grafana.port",
            "grafana.datasource.port");

    private static final Pattern DEFAULT = Pattern.compile("--([a-z.-]+)=VALUE .*\\(default: ([^)]*)\\)");

    private Topology() {
    }

    // --- the applications ----------------------------------------------------------------------------------------

    /**
     * What the applications themselves say: the demo's application.yml (first document: the defaults) and the
     * exporter's flag defaults ({@code --help}), with the fixed ports and names.
     */
    static SortedMap<String, String> reference(Map<String, Object> applicationYml, String exporterHelp) {
        SortedMap<String, String> facts = new TreeMap<>(FIXED);
        facts.put("demo.port", str(at(applicationYml, "server", "port")));
        facts.put("management.port", str(at(applicationYml, "management", "server", "port")));
        Object basePath = at(applicationYml, "management", "endpoints", "web", "base-path");
        String base = basePath == null ? "/actuator" : str(basePath);
        String exposed = str(at(applicationYml, "management", "endpoints", "web", "exposure", "include"));
        if (List.of(exposed.split(",")).contains("prometheus")) {
            facts.put("demo.metrics-path", base + "/prometheus");
        }
        if (Boolean.TRUE.equals(at(applicationYml, "management", "endpoint", "health", "probes", "enabled"))) {
            facts.put("demo.liveness-path", base + "/health/liveness");
            facts.put("demo.readiness-path", base + "/health/readiness");
            facts.put("demo.liveness-port", facts.get("management.port"));
            facts.put("demo.readiness-port", facts.get("management.port"));
        }
        Map<String, String> defaults = new TreeMap<>();
        Matcher m = DEFAULT.matcher(exporterHelp);
        while (m.find()) {
            defaults.put(m.group(1), m.group(2));
        }
        String listen = defaults.getOrDefault("web.listen-address", "");
        facts.put("exporter.port", listen.substring(listen.lastIndexOf(':') + 1));
        facts.put("exporter.scrape-path", defaults.get("web.scrape-path"));
        facts.put("job.inference-demo.path", facts.get("demo.metrics-path"));
        facts.put("job.inference-demo.port", facts.get("management.port"));
        facts.put("job.memcached.path", facts.get("exporter.scrape-path"));
        facts.put("job.memcached.exporter-port", facts.get("exporter.port"));
        facts.put("job.memcached.targets", facts.get("ring.size"));
        facts.put("alerting.port", facts.get("alertmanager.port"));
        facts.put("grafana.datasource.port", facts.get("prometheus.port"));
        return facts;
    }

    // --- Docker Compose --------------------------------------------------------------------------------------------

    /** From compose.yaml and the Prometheus configuration and Grafana datasource it mounts. */
    static SortedMap<String, String> compose(Map<String, Object> compose, Map<String, Object> prometheus,
                                             Map<String, Object> datasource) {
        SortedMap<String, String> facts = new TreeMap<>();
        Map<String, Object> services = map(compose.get("services"));
        facts.put("services", names(services.keySet()));
        Map<String, Object> demo = map(services.get("inference-demo"));
        List<Node> ring = ring(str(at(demo, "environment", "GLASSCACHE_MEMCACHED_SERVERS")));
        putRing(facts, ring, host -> host);
        for (Node node : ring) {
            if (!services.containsKey(node.host())) {
                facts.put("problem.ring", node.host() + " is not a service");
            }
        }
        facts.put("exporter.port", containerPort(services, "cache-exporter"));
        // /scrape connects wherever an allowed name points: the allowlist is the ring's nodes, no wildcard (a * in a
        // host name crosses dots, so memcached-* admits memcached-0.anyone.example)
        String allowed = list(map(services.get("cache-exporter")).get("command")).stream().map(String::valueOf)
                .filter(a -> a.startsWith("--scrape.allowed-targets=")).findFirst()
                .map(a -> a.substring("--scrape.allowed-targets=".length())).orElse("");
        Set<String> ringNodes = ring.stream().map(Node::toString).collect(Collectors.toCollection(TreeSet::new));
        if (!new TreeSet<>(ring(allowed).stream().map(Node::toString).toList()).equals(ringNodes)) {
            facts.put("problem.exporter-allowlist", "the exporter's --scrape.allowed-targets=" + allowed
                    + " is not exactly the ring's nodes " + String.join(",", ringNodes));
        }
        List<String> demoPorts = containerPorts(services.get("inference-demo"));
        facts.put("demo.port", demoPorts.isEmpty() ? null : demoPorts.get(0));
        URI readiness = healthcheckUrl(demo);
        List<String> published = list(demo.get("ports")).stream().map(String::valueOf)
                .filter(p -> p.endsWith(":" + (readiness == null ? "" : readiness.getPort()))).toList();
        facts.put("management.port", published.isEmpty() ? null : containerPorts(Map.of("ports", published)).get(0));
        facts.put("demo.readiness-path", readiness == null ? null : readiness.getPath());
        facts.put("demo.readiness-port", readiness == null ? null : String.valueOf(readiness.getPort()));
        facts.put("prometheus.port", containerPort(services, "prometheus"));
        facts.put("alertmanager.port", containerPort(services, "alertmanager"));
        facts.put("grafana.port", containerPort(services, "grafana"));
        prometheusFacts(facts, prometheus, hostPort -> services.containsKey(hostPort.host()) ? hostPort.port() : null);
        putDatasource(facts, datasource, hostPort -> services.containsKey(hostPort.host()) ? hostPort.port() : null);
        return facts;
    }

    private static String containerPort(Map<String, Object> services, String service) {
        List<String> ports = containerPorts(services.get(service));
        return ports.isEmpty() ? null : ports.get(0);
    }

    /** The container side of each published port ("127.0.0.1:8081:8081" -> 8081). */
    private static List<String> containerPorts(Object service) {
        List<String> ports = new ArrayList<>();
        for (Object port : list(map(service).get("ports"))) {
            String text = str(port);
            ports.add(text.substring(text.lastIndexOf(':') + 1));
        }
        return ports;
    }

    private static URI healthcheckUrl(Map<String, Object> service) {
        for (Object part : list(at(service, "healthcheck", "test"))) {
            String text = str(part);
            if (text.startsWith("http://")) {
                return URI.create(text);
            }
        }
        return null;
    }

    // --- Kubernetes ------------------------------------------------------------------------------------------------

    /** From the built kind manifests, with the Prometheus configuration and Grafana datasource in their ConfigMaps. */
    static SortedMap<String, String> kubernetes(List<KubernetesObject> objects) {
        SortedMap<String, String> facts = new TreeMap<>();
        Map<String, V1Service> services = objects.stream().filter(V1Service.class::isInstance)
                .map(V1Service.class::cast).collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
        Map<String, V1PodTemplateSpec> workloads = new TreeMap<>();
        Map<String, Integer> replicas = new TreeMap<>();
        for (KubernetesObject o : objects) {
            if (o instanceof V1Deployment d) {
                workloads.put(d.getMetadata().getName(), d.getSpec().getTemplate());
            } else if (o instanceof V1StatefulSet s) {
                workloads.put(s.getMetadata().getName(), s.getSpec().getTemplate());
                replicas.put(s.getMetadata().getName(), s.getSpec().getReplicas());
            }
        }
        facts.put("services", names(workloads.keySet()));

        String ringText = configMapValue(objects, "inference-demo-env", "GLASSCACHE_MEMCACHED_SERVERS");
        List<Node> ring = ring(ringText);
        // memcached-0.memcached -> pod memcached-0 of the StatefulSet governed by Service memcached
        putRing(facts, ring, host -> host.substring(0, host.indexOf('.') < 0 ? host.length() : host.indexOf('.')));
        V1StatefulSet memcached = objects.stream().filter(V1StatefulSet.class::isInstance)
                .map(V1StatefulSet.class::cast).filter(s -> s.getMetadata().getName().equals("memcached"))
                .findFirst().orElse(null);
        if (memcached != null) {
            List<String> pods = new ArrayList<>();
            for (int i = 0; i < memcached.getSpec().getReplicas(); i++) {
                pods.add("memcached-" + i + "." + memcached.getSpec().getServiceName());
            }
            if (!pods.equals(ring.stream().map(Node::host).toList())) {
                facts.put("problem.ring", ring + " is not the StatefulSet's pods " + pods);
            }
            String containerPort = containerPort(memcached.getSpec().getTemplate(), "memcached");
            if (!facts.get("memcached.port").equals(containerPort)) {
                facts.put("problem.ring-port", "the ring uses port " + facts.get("memcached.port")
                        + ", memcached listens on " + containerPort);
            }
        }
        facts.put("exporter.port", containerPort(workloads.get("cache-exporter"), "http-metrics"));
        V1PodTemplateSpec demo = workloads.get("inference-demo");
        facts.put("demo.port", containerPort(demo, "http"));
        facts.put("management.port", containerPort(demo, "http-metrics"));
        V1Container demoContainer = demo == null ? null : demo.getSpec().getContainers().get(0);
        if (demoContainer != null) {
            putProbe(facts, "demo.readiness-path", demoContainer.getReadinessProbe(), demo);
            putProbe(facts, "demo.liveness-path", demoContainer.getLivenessProbe(), demo);
        }
        facts.put("prometheus.port", containerPort(workloads.get("prometheus"), "http"));
        facts.put("alertmanager.port", containerPort(workloads.get("alertmanager"), "http"));
        facts.put("grafana.port", containerPort(workloads.get("grafana"), "http"));

        // The exporter finds the ring through the headless Service memcached.
        V1Container exporter = workloads.containsKey("cache-exporter")
                ? workloads.get("cache-exporter").getSpec().getContainers().get(0) : null;
        String discovery = exporter == null ? null : exporter.getArgs().stream()
                .filter(a -> a.startsWith("--memcached.discovery=dns://")).findFirst().orElse(null);
        Node name = discovery == null ? null
                : Node.parse(discovery.substring("--memcached.discovery=dns://".length()));
        if (name == null || !name.port().equals(servicePort(services, name.host()))
                || !"None".equals(services.get(name.host()).getSpec().getClusterIP())
                || memcached == null || !name.host().equals(memcached.getSpec().getServiceName())) {
            facts.put("problem.exporter-discovery", "the exporter does not discover the ring through its "
                    + "headless Service: " + discovery);
        }

        Map<String, Object> prometheus = StrictYaml.map(configMapValue(objects, "prometheus-config",
                "prometheus.yml"));
        prometheusFacts(facts, prometheus, hostPort -> servicePort(services, hostPort.host()) != null
                && servicePort(services, hostPort.host()).equals(hostPort.port()) ? hostPort.port() : null);
        // Pods are discovered: the port is the one the relabelling keeps by name, and there is one memcached
        // target per pod of the StatefulSet.
        String kept = facts.get("job.inference-demo.port");
        if (kept != null && kept.startsWith("port named ")) {
            facts.put("job.inference-demo.port", containerPort(demo, kept.substring("port named ".length())));
        }
        if (prometheusJob(prometheus, "memcached") != null && memcached != null) {
            facts.put("job.memcached.targets", String.valueOf(memcached.getSpec().getReplicas()));
        }
        Map<String, Object> datasource = StrictYaml.map(configMapValue(objects, "grafana-datasources",
                "prometheus.yml"));
        putDatasource(facts, datasource, hostPort -> Objects.equals(servicePort(services, hostPort.host()),
                hostPort.port()) ? hostPort.port() : null);
        return facts;
    }

    private static void putProbe(SortedMap<String, String> facts, String key, V1Probe probe,
                                 V1PodTemplateSpec template) {
        if (probe == null || probe.getHttpGet() == null) {
            return;
        }
        IntOrString port = probe.getHttpGet().getPort();
        String number = port.isInteger() ? String.valueOf(port.getIntValue())
                : containerPort(template, port.getStrValue());
        facts.put(key, probe.getHttpGet().getPath());
        facts.put(key.replace("-path", "-port"), number);
    }

    private static String containerPort(V1PodTemplateSpec template, String name) {
        if (template == null) {
            return null;
        }
        return template.getSpec().getContainers().stream().flatMap(c -> c.getPorts() == null ? null
                        : c.getPorts().stream()).filter(p -> name.equals(p.getName()))
                .map(V1ContainerPort::getContainerPort).map(String::valueOf).findFirst().orElse(null);
    }

    private static String servicePort(Map<String, V1Service> services, String name) {
        V1Service service = services.get(name);
        if (service == null || service.getSpec().getPorts() == null) {
            return null;
        }
        return service.getSpec().getPorts().stream().map(V1ServicePort::getPort).map(String::valueOf)
                .collect(Collectors.joining(","));
    }

    static String configMapValue(List<KubernetesObject> objects, String generatorName, String key) {
        Pattern generated = Pattern.compile(Pattern.quote(generatorName) + "(-[a-z0-9]{10})?");
        return objects.stream().filter(V1ConfigMap.class::isInstance).map(V1ConfigMap.class::cast)
                .filter(c -> generated.matcher(c.getMetadata().getName()).matches())
                .map(c -> c.getData() == null ? null : c.getData().get(key)).filter(Objects::nonNull)
                .findFirst().orElseThrow(() -> new IllegalStateException("no ConfigMap " + generatorName
                        + " with key " + key));
    }

    // --- local stack ---------------------------------------------------------------------------------------------

    /**
     * From {@code stack.sh config} (its KEY=VALUE settings), {@code stack.sh status} (its service column) and the
     * configuration files it rendered.
     */
    static SortedMap<String, String> local(String configOutput, String statusOutput, Map<String, Object> prometheus,
                                           Map<String, Object> datasource) {
        SortedMap<String, String> facts = new TreeMap<>();
        Map<String, String> settings = new TreeMap<>();
        configOutput.lines().filter(l -> l.matches("[A-Z_]+=.*"))
                .forEach(l -> settings.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        List<String> processes = statusOutput.lines().skip(1).filter(l -> !l.startsWith("logs:") && !l.isBlank())
                .map(l -> l.split("\\s+")[0]).toList();
        List<String> all = new ArrayList<>(processes);
        all.add("grafana"); // started only where it is installed (and given a password); its port is still fixed
        facts.put("services", names(all));
        List<Node> ring = ring(settings.get("MEMCACHED"));
        List<String> memcachedProcesses = processes.stream().filter(p -> p.startsWith("memcached-")).toList();
        facts.put("ring.size", String.valueOf(ring.size()));
        facts.put("ring.nodes", String.join(",", memcachedProcesses));
        facts.put("memcached.port", ring.isEmpty() ? null : ring.get(0).port());
        facts.put("exporter.port", port(settings.get("EXPORTER")));
        facts.put("demo.port", port(settings.get("DEMO")));
        facts.put("management.port", port(settings.get("MANAGEMENT")));
        facts.put("prometheus.port", port(settings.get("PROMETHEUS")));
        facts.put("alertmanager.port", port(settings.get("ALERTMANAGER")));
        facts.put("grafana.port", port(settings.get("GRAFANA")));
        URI readiness = settings.containsKey("DEMO_READINESS") ? URI.create(settings.get("DEMO_READINESS")) : null;
        facts.put("demo.readiness-path", readiness == null ? null : readiness.getPath());
        facts.put("demo.readiness-port", readiness == null ? null : String.valueOf(readiness.getPort()));
        prometheusFacts(facts, prometheus, hostPort -> hostPort.host().equals("127.0.0.1") ? hostPort.port() : null);
        putDatasource(facts, datasource, hostPort -> hostPort.host().equals("127.0.0.1") ? hostPort.port() : null);
        return facts;
    }

    private static String port(String url) {
        return url == null ? null : String.valueOf(URI.create(url).getPort());
    }

    // --- shared --------------------------------------------------------------------------------------------------

    /** A host:port of the stack, resolved to its port only when the way can reach that host by that name. */
    record Node(String host, String port) {
        static Node parse(String hostPort) {
            int colon = hostPort.lastIndexOf(':');
            return colon < 0 ? new Node(hostPort, "") : new Node(hostPort.substring(0, colon),
                    hostPort.substring(colon + 1));
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    private static List<Node> ring(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(commaSeparated.split(",")).map(String::trim).map(Node::parse).toList();
    }

    private static void putRing(SortedMap<String, String> facts, List<Node> ring,
                                java.util.function.UnaryOperator<String> nodeName) {
        facts.put("ring.size", String.valueOf(ring.size()));
        facts.put("ring.nodes", ring.stream().map(Node::host).map(nodeName).collect(Collectors.joining(",")));
        facts.put("memcached.port", ring.stream().map(Node::port).distinct().collect(Collectors.joining(",")));
    }

    /** The two jobs, their paths, their targets' ports and the Alertmanager they send to. */
    private static void prometheusFacts(SortedMap<String, String> facts, Map<String, Object> prometheus,
                                        java.util.function.Function<Node, String> reachablePort) {
        List<String> jobs = new ArrayList<>();
        for (Object job : list(prometheus.get("scrape_configs"))) {
            jobs.add(str(map(job).get("job_name")));
        }
        facts.put("jobs", String.join(",", new TreeSet<>(jobs)));
        Map<String, Object> demo = prometheusJob(prometheus, "inference-demo");
        if (demo != null) {
            facts.put("job.inference-demo.path", str(demo.get("metrics_path")));
            List<String> targets = staticTargets(demo);
            if (!targets.isEmpty()) {
                facts.put("job.inference-demo.port", reachablePort.apply(Node.parse(targets.get(0))));
            } else if (demo.containsKey("kubernetes_sd_configs")) {
                // discovered pods: the port is that of the container port the relabelling keeps
                facts.put("job.inference-demo.port", keptPortName(demo));
            }
        }
        Map<String, Object> memcached = prometheusJob(prometheus, "memcached");
        if (memcached != null) {
            facts.put("job.memcached.path", str(memcached.get("metrics_path")));
            facts.put("job.memcached.targets", String.valueOf(staticTargets(memcached).size()));
            for (Object relabel : list(memcached.get("relabel_configs"))) {
                Map<String, Object> rule = map(relabel);
                if ("__address__".equals(rule.get("target_label")) && rule.get("replacement") != null) {
                    facts.put("job.memcached.exporter-port", reachablePort.apply(Node.parse(str(
                            rule.get("replacement")))));
                }
            }
        }
        List<String> alertmanagers = new ArrayList<>();
        for (Object am : list(at(prometheus, "alerting", "alertmanagers"))) {
            for (Object config : list(map(am).get("static_configs"))) {
                for (Object target : list(map(config).get("targets"))) {
                    alertmanagers.add(reachablePort.apply(Node.parse(str(target))));
                }
            }
        }
        facts.put("alerting.port", String.join(",", alertmanagers.stream().map(String::valueOf).toList()));
    }

    /** The container port name an SD job keeps (relabel on __meta_kubernetes_pod_container_port_name). */
    private static String keptPortName(Map<String, Object> job) {
        for (Object relabel : list(job.get("relabel_configs"))) {
            Map<String, Object> rule = map(relabel);
            if ("keep".equals(rule.get("action"))
                    && list(rule.get("source_labels")).contains("__meta_kubernetes_pod_container_port_name")) {
                return "port named " + rule.get("regex");
            }
        }
        return null;
    }

    private static Map<String, Object> prometheusJob(Map<String, Object> prometheus, String name) {
        for (Object job : list(prometheus.get("scrape_configs"))) {
            if (name.equals(map(job).get("job_name"))) {
                return map(job);
            }
        }
        return null;
    }

    private static List<String> staticTargets(Map<String, Object> job) {
        List<String> targets = new ArrayList<>();
        for (Object config : list(job.get("static_configs"))) {
            for (Object target : list(map(config).get("targets"))) {
                targets.add(str(target));
            }
        }
        return targets;
    }

    private static void putDatasource(SortedMap<String, String> facts, Map<String, Object> datasource,
                                      java.util.function.Function<Node, String> reachablePort) {
        for (Object ds : list(datasource.get("datasources"))) {
            if ("prometheus".equals(map(ds).get("type"))) {
                URI url = URI.create(str(map(ds).get("url")));
                facts.put("grafana.datasource.port", reachablePort.apply(new Node(url.getHost(),
                        String.valueOf(url.getPort()))));
            }
        }
    }

    /** memcached-0, memcached-1 -> memcached; the rest as they are; sorted, comma-separated. */
    private static String names(java.util.Collection<String> names) {
        return String.join(",", names.stream().map(n -> n.matches("memcached-\\d+") ? "memcached" : n)
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    // --- comparison ----------------------------------------------------------------------------------------------

    /**
     * Every disagreement: a required fact a way does not state, a fact whose value differs from the reference's, a
     * fact the reference does not know (an extraction that went wrong), and a problem a way found in itself
     * ({@code problem.*}: a ring node that is no service, an exporter that does not discover the ring).
     */
    static List<String> compare(Map<String, String> reference, Map<String, ? extends Map<String, String>> ways) {
        List<String> problems = new ArrayList<>();
        ways.forEach((way, facts) -> {
            for (String key : REQUIRED) {
                if (facts.get(key) == null) {
                    problems.add(way + ": states no " + key);
                }
            }
            facts.forEach((key, value) -> {
                if (key.startsWith("problem.")) {
                    problems.add(way + ": " + value);
                } else if (!reference.containsKey(key)) {
                    problems.add(way + ": " + key + "=" + value + " is not a fact of the reference");
                } else if (reference.get(key) == null) {
                    problems.add(way + ": " + key + "=" + value + ", but the applications state no " + key);
                } else if (value != null && !reference.get(key).equals(value)) {
                    problems.add(way + ": " + key + "=" + value + ", expected " + reference.get(key));
                }
            });
        });
        return problems;
    }

    // --- YAML navigation -----------------------------------------------------------------------------------------

    static Object at(Object root, String... path) {
        Object current = root;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<Object> list(Object value) {
        return value instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    static String str(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
