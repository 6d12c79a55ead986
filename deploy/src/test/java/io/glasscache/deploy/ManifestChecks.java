package io.glasscache.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.RbacV1Subject;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvFromSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1LabelSelectorRequirement;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1NetworkPolicyIngressRule;
import io.kubernetes.client.openapi.models.V1NetworkPolicyPeer;
import io.kubernetes.client.openapi.models.V1NetworkPolicyPort;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeProjection;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;

/**
 * Checks over a whole set of manifests, after the model's own validation: the cross-references kubectl does not
 * verify (selectors, Services, named ports, ConfigMaps and Secrets, service accounts, HPA and PDB targets) and the
 * settings every container must have. Checks that kube-linter also has carry its name, and its per-object opt-out
 * works the same way: an annotation {@code ignore-check.kube-linter.io/<check>: "<reason>"}.
 */
final class ManifestChecks {

    static final String IGNORE = "ignore-check.kube-linter.io/";

    /** One finding: which check, on which object, and what is wrong. */
    record Problem(String check, String object, String message) {
        @Override
        public String toString() {
            return check + " " + object + ": " + message;
        }
    }

    /** A Deployment or StatefulSet, through what the checks need of it. */
    private record Workload(KubernetesObject object, V1LabelSelector selector, V1PodTemplateSpec template) {
        String id() {
            return ManifestChecks.id(object);
        }

        Map<String, String> podLabels() {
            return template.getMetadata() == null || template.getMetadata().getLabels() == null ? Map.of()
                    : template.getMetadata().getLabels();
        }

        V1PodSpec pod() {
            return template.getSpec();
        }

        List<V1Container> containers() {
            return pod().getContainers();
        }

        Stream<V1Container> allContainers() {
            return Stream.concat(nonNull(pod().getInitContainers()).stream(), containers().stream());
        }

        boolean hasPort(String name) {
            return containers().stream().flatMap(c -> nonNull(c.getPorts()).stream())
                    .anyMatch(p -> name.equals(p.getName()));
        }
    }

    private final List<KubernetesObject> objects;
    private final Map<String, Set<String>> externalSecrets;
    private final List<Workload> workloads = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();

    private ManifestChecks(List<KubernetesObject> objects, Map<String, Set<String>> externalSecrets) {
        this.objects = objects;
        this.externalSecrets = externalSecrets;
        for (KubernetesObject object : objects) {
            if (object instanceof V1Deployment d) {
                workloads.add(new Workload(d, d.getSpec().getSelector(), d.getSpec().getTemplate()));
            } else if (object instanceof V1StatefulSet s) {
                workloads.add(new Workload(s, s.getSpec().getSelector(), s.getSpec().getTemplate()));
            }
        }
    }

    /**
     * Every problem of {@code objects}.
     *
     * @param externalSecrets Secrets created outside the manifests (by deploy/kind/up.sh), name to keys
     */
    static List<Problem> check(List<KubernetesObject> objects, Map<String, Set<String>> externalSecrets) {
        ManifestChecks checks = new ManifestChecks(objects, externalSecrets);
        checks.selectorsMatchTemplates();
        checks.servicesSelectWorkloads();
        checks.namedPortsExist();
        checks.configMapsAndSecretsExist();
        checks.imagesArePinned();
        checks.probesAreSet();
        checks.resourcesAreSet();
        checks.containersAreHardened();
        checks.serviceAccountsExist();
        checks.autoscalersAndBudgetsHaveTargets();
        checks.networkPoliciesSelectPods();
        checks.statefulSetsHaveGoverningServices();
        return List.copyOf(checks.problems);
    }

    // --- the checks --------------------------------------------------------------------------------------------

    /** kube-linter "mismatching-selector": a workload's selector selects its own pod template. */
    private void selectorsMatchTemplates() {
        for (Workload w : workloads) {
            if (w.selector() == null || !matches(w.selector(), w.podLabels())) {
                report("mismatching-selector", w.object(), "selector " + describe(w.selector())
                        + " does not select its pod template's labels " + w.podLabels());
            }
        }
    }

    /** kube-linter "dangling-service": every Service selects the pods of at least one workload. */
    private void servicesSelectWorkloads() {
        for (V1Service service : all(V1Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            if (selector == null || selector.isEmpty()) {
                report("dangling-service", service, "has no selector");
            } else if (selected(selector).isEmpty()) {
                report("dangling-service", service, "selector " + selector + " selects no workload's pods");
            }
        }
    }

    /** Every port named by a Service, a probe or a NetworkPolicy exists on the containers it points at. */
    private void namedPortsExist() {
        for (V1Service service : all(V1Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            if (selector == null) {
                continue;
            }
            for (V1ServicePort port : nonNull(service.getSpec().getPorts())) {
                IntOrString target = port.getTargetPort() != null ? port.getTargetPort()
                        : new IntOrString(port.getPort());
                for (Workload w : selected(selector)) {
                    boolean found = target.isInteger()
                            ? w.containers().stream().flatMap(c -> nonNull(c.getPorts()).stream())
                                    .anyMatch(p -> Objects.equals(p.getContainerPort(), target.getIntValue()))
                            : w.hasPort(target.getStrValue());
                    if (!found) {
                        report("missing-named-port", service, "port " + port.getName() + " targets " + target
                                + ", which no container of " + w.id() + " declares");
                    }
                }
            }
        }
        for (Workload w : workloads) {
            for (V1Container c : w.containers()) {
                for (V1Probe probe : probes(c)) {
                    IntOrString port = probe.getHttpGet() != null ? probe.getHttpGet().getPort()
                            : probe.getTcpSocket() != null ? probe.getTcpSocket().getPort() : null;
                    if (port != null && !port.isInteger()
                            && nonNull(c.getPorts()).stream().map(V1ContainerPort::getName)
                                    .noneMatch(port.getStrValue()::equals)) {
                        report("missing-named-port", w.object(), "container " + c.getName() + " probes port "
                                + port.getStrValue() + ", which it does not declare");
                    }
                }
            }
        }
        for (V1NetworkPolicy policy : all(V1NetworkPolicy.class)) {
            for (V1NetworkPolicyIngressRule rule : nonNull(policy.getSpec().getIngress())) {
                for (V1NetworkPolicyPort port : nonNull(rule.getPorts())) {
                    if (port.getPort() != null && !port.getPort().isInteger()) {
                        for (Workload w : workloads) {
                            if (matches(policy.getSpec().getPodSelector(), w.podLabels())
                                    && !w.hasPort(port.getPort().getStrValue())) {
                                report("missing-named-port", policy, "allows port " + port.getPort().getStrValue()
                                        + ", which no container of " + w.id() + " declares");
                            }
                        }
                    }
                }
            }
        }
    }

    /** Every ConfigMap and Secret a pod reads (volumes, envFrom, env) exists, with the keys it asks for. */
    private void configMapsAndSecretsExist() {
        for (Workload w : workloads) {
            for (V1Volume volume : nonNull(w.pod().getVolumes())) {
                if (volume.getConfigMap() != null) {
                    requireConfigMap(w, volume.getConfigMap().getName(), null, volume.getConfigMap().getOptional());
                }
                if (volume.getSecret() != null) {
                    requireSecret(w, volume.getSecret().getSecretName(), null, volume.getSecret().getOptional());
                }
                if (volume.getProjected() != null) {
                    for (V1VolumeProjection source : nonNull(volume.getProjected().getSources())) {
                        if (source.getConfigMap() != null) {
                            requireConfigMap(w, source.getConfigMap().getName(), null,
                                    source.getConfigMap().getOptional());
                        }
                        if (source.getSecret() != null) {
                            requireSecret(w, source.getSecret().getName(), null, source.getSecret().getOptional());
                        }
                    }
                }
            }
            w.allContainers().forEach(c -> {
                for (V1EnvFromSource from : nonNull(c.getEnvFrom())) {
                    if (from.getConfigMapRef() != null) {
                        requireConfigMap(w, from.getConfigMapRef().getName(), null,
                                from.getConfigMapRef().getOptional());
                    }
                    if (from.getSecretRef() != null) {
                        requireSecret(w, from.getSecretRef().getName(), null, from.getSecretRef().getOptional());
                    }
                }
                for (V1EnvVar env : nonNull(c.getEnv())) {
                    if (env.getValueFrom() == null) {
                        continue;
                    }
                    var configMapKey = env.getValueFrom().getConfigMapKeyRef();
                    if (configMapKey != null) {
                        requireConfigMap(w, configMapKey.getName(), configMapKey.getKey(), configMapKey.getOptional());
                    }
                    var secretKey = env.getValueFrom().getSecretKeyRef();
                    if (secretKey != null) {
                        requireSecret(w, secretKey.getName(), secretKey.getKey(), secretKey.getOptional());
                    }
                }
            });
        }
    }

    private void requireConfigMap(Workload w, String name, String key, Boolean optional) {
        if (Boolean.TRUE.equals(optional)) {
            return;
        }
        V1ConfigMap configMap = named(V1ConfigMap.class, name);
        if (configMap == null) {
            report("dangling-configmap", w.object(), "reads ConfigMap " + name + ", which is not in the manifests");
        } else if (key != null && (configMap.getData() == null || !configMap.getData().containsKey(key))) {
            report("dangling-configmap", w.object(), "reads key " + key + " of ConfigMap " + name
                    + ", which has no such key");
        }
    }

    private void requireSecret(Workload w, String name, String key, Boolean optional) {
        if (Boolean.TRUE.equals(optional)) {
            return;
        }
        V1Secret secret = named(V1Secret.class, name);
        Set<String> keys = secret != null
                ? Stream.concat(nonNull(secret.getData()).keySet().stream(),
                        nonNull(secret.getStringData()).keySet().stream()).collect(Collectors.toSet())
                : externalSecrets.get(name);
        if (keys == null) {
            report("dangling-secret", w.object(), "reads Secret " + name
                    + ", which is neither in the manifests nor created by deploy/kind/up.sh");
        } else if (key != null && !keys.contains(key)) {
            report("dangling-secret", w.object(), "reads key " + key + " of Secret " + name + ", which has keys "
                    + keys);
        }
    }

    /** kube-linter "latest-tag": every image names a version (a tag other than latest, or a digest). */
    private void imagesArePinned() {
        for (Workload w : workloads) {
            w.allContainers().forEach(c -> {
                String image = c.getImage();
                if (image == null || !pinned(image)) {
                    report("latest-tag", w.object(), "container " + c.getName() + " runs " + image
                            + ": name a version, not latest, nothing or a moving tag");
                }
            });
        }
    }

    /**
     * A digest, or a tag with a dotted version (17.0.15_6-jre, v3.5.0, 1.6.39-alpine): not latest, not untagged,
     * and not a tag that moves with every release (17-jre, alpine).
     */
    static boolean pinned(String image) {
        if (image.contains("@sha256:")) {
            return true;
        }
        int colon = image.lastIndexOf(':');
        if (colon < 0 || colon < image.lastIndexOf('/')) {
            return false;
        }
        String tag = image.substring(colon + 1);
        return !tag.equals("latest") && tag.matches(".*\\d+\\.\\d+.*");
    }

    /** kube-linter "no-liveness-probe" and "no-readiness-probe": every container (not init) has both. */
    private void probesAreSet() {
        for (Workload w : workloads) {
            for (V1Container c : w.containers()) {
                if (c.getLivenessProbe() == null) {
                    report("no-liveness-probe", w.object(), "container " + c.getName() + " has no liveness probe");
                }
                if (c.getReadinessProbe() == null) {
                    report("no-readiness-probe", w.object(), "container " + c.getName()
                            + " has no readiness probe");
                }
            }
        }
    }

    /** kube-linter "unset-cpu-requirements" and "unset-memory-requirements": requests and limits, every container. */
    private void resourcesAreSet() {
        for (Workload w : workloads) {
            w.allContainers().forEach(c -> {
                V1ResourceRequirements r = c.getResources();
                for (String resource : List.of("cpu", "memory")) {
                    boolean request = r != null && r.getRequests() != null && r.getRequests().containsKey(resource);
                    boolean limit = r != null && r.getLimits() != null && r.getLimits().containsKey(resource);
                    if (!request || !limit) {
                        report("unset-" + resource + "-requirements", w.object(), "container " + c.getName()
                                + " lacks a " + resource + (request ? " limit" : limit ? " request"
                                : " request and limit"));
                    }
                }
            });
        }
    }

    /** kube-linter "run-as-non-root" and "no-read-only-root-fs" (every container, init ones too). */
    private void containersAreHardened() {
        for (Workload w : workloads) {
            V1PodSecurityContext pod = w.pod().getSecurityContext();
            w.allContainers().forEach(c -> {
                V1SecurityContext container = c.getSecurityContext();
                boolean nonRoot = container != null && container.getRunAsNonRoot() != null
                        ? container.getRunAsNonRoot()
                        : pod != null && Boolean.TRUE.equals(pod.getRunAsNonRoot());
                Long user = container != null && container.getRunAsUser() != null ? container.getRunAsUser()
                        : pod != null ? pod.getRunAsUser() : null;
                if (!nonRoot || Long.valueOf(0).equals(user)) {
                    report("run-as-non-root", w.object(), "container " + c.getName() + " may run as root");
                }
                if (container == null || !Boolean.TRUE.equals(container.getReadOnlyRootFilesystem())) {
                    report("no-read-only-root-fs", w.object(), "container " + c.getName()
                            + " has a writable root filesystem");
                }
            });
        }
    }

    /** kube-linter "non-existent-service-account": pods and RoleBindings name ServiceAccounts that exist. */
    private void serviceAccountsExist() {
        for (Workload w : workloads) {
            String account = w.pod().getServiceAccountName();
            if (account != null && !account.equals("default")
                    && named(V1ServiceAccount.class, account) == null) {
                report("non-existent-service-account", w.object(), "runs as ServiceAccount " + account
                        + ", which is not in the manifests");
            }
        }
        for (V1RoleBinding binding : all(V1RoleBinding.class)) {
            for (RbacV1Subject subject : nonNull(binding.getSubjects())) {
                if ("ServiceAccount".equals(subject.getKind())
                        && named(V1ServiceAccount.class, subject.getName())
                        == null) {
                    report("non-existent-service-account", binding, "binds ServiceAccount " + subject.getName()
                            + ", which is not in the manifests");
                }
            }
            if ("Role".equals(binding.getRoleRef().getKind())
                    && named(V1Role.class, binding.getRoleRef().getName())
                    == null) {
                report("dangling-rolebinding", binding, "binds Role " + binding.getRoleRef().getName()
                        + ", which is not in the manifests");
            }
        }
    }

    /**
     * kube-linter "dangling-horizontalpodautoscaler": an HPA scales a workload that exists; and a
     * PodDisruptionBudget protects some workload's pods.
     */
    private void autoscalersAndBudgetsHaveTargets() {
        for (V2HorizontalPodAutoscaler hpa : all(V2HorizontalPodAutoscaler.class)) {
            var target = hpa.getSpec().getScaleTargetRef();
            boolean found = workloads.stream().anyMatch(w -> w.object().getKind().equals(target.getKind())
                    && w.object().getMetadata().getName().equals(target.getName()));
            if (!found) {
                report("dangling-horizontalpodautoscaler", hpa, "scales " + target.getKind() + "/"
                        + target.getName() + ", which is not in the manifests");
            }
        }
        for (V1PodDisruptionBudget pdb : all(V1PodDisruptionBudget.class)) {
            if (workloads.stream().noneMatch(w -> matches(pdb.getSpec().getSelector(), w.podLabels()))) {
                report("dangling-poddisruptionbudget", pdb, "selector " + describe(pdb.getSpec().getSelector())
                        + " selects no workload's pods");
            }
        }
    }

    /** kube-linter "dangling-networkpolicy": a policy and each of its peers select pods that exist. */
    private void networkPoliciesSelectPods() {
        for (V1NetworkPolicy policy : all(V1NetworkPolicy.class)) {
            if (workloads.stream().noneMatch(w -> matches(policy.getSpec().getPodSelector(), w.podLabels()))) {
                report("dangling-networkpolicy", policy, "podSelector "
                        + describe(policy.getSpec().getPodSelector()) + " selects no workload's pods");
            }
            for (V1NetworkPolicyIngressRule rule : nonNull(policy.getSpec().getIngress())) {
                for (V1NetworkPolicyPeer peer : nonNull(rule.getFrom())) {
                    if (peer.getPodSelector() != null && peer.getNamespaceSelector() == null
                            && workloads.stream().noneMatch(w -> matches(peer.getPodSelector(), w.podLabels()))) {
                        report("dangling-networkpolicy", policy, "allows pods " + describe(peer.getPodSelector())
                                + ", which select no workload's pods");
                    }
                }
            }
        }
    }

    /** A StatefulSet's serviceName is a headless Service selecting its pods (it gives them their DNS names). */
    private void statefulSetsHaveGoverningServices() {
        for (V1StatefulSet set : all(V1StatefulSet.class)) {
            V1Service service = named(V1Service.class, set.getSpec().getServiceName());
            Map<String, String> labels = set.getSpec().getTemplate().getMetadata().getLabels();
            if (service == null || !"None".equals(service.getSpec().getClusterIP())
                    || service.getSpec().getSelector() == null
                    || !labels.entrySet().containsAll(service.getSpec().getSelector().entrySet())) {
                report("statefulset-governing-service", set, "serviceName " + set.getSpec().getServiceName()
                        + " is not a headless Service selecting its pods");
            }
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private void report(String check, KubernetesObject object, String message) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        if (annotations == null || !annotations.containsKey(IGNORE + check)) {
            problems.add(new Problem(check, id(object), message));
        }
    }

    static String id(KubernetesObject object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }

    private <T> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private <T extends KubernetesObject> T named(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElse(null);
    }

    private List<Workload> selected(Map<String, String> selector) {
        return workloads.stream().filter(w -> w.podLabels().entrySet().containsAll(selector.entrySet())).toList();
    }

    private static List<V1Probe> probes(V1Container c) {
        return Stream.of(c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe()).filter(Objects::nonNull)
                .toList();
    }

    /** Label selector semantics: matchLabels and every matchExpressions requirement; an empty selector selects all. */
    static boolean matches(V1LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchLabels() != null && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        for (V1LabelSelectorRequirement r : nonNull(selector.getMatchExpressions())) {
            String value = labels.get(r.getKey());
            List<String> values = nonNull(r.getValues());
            boolean ok = switch (r.getOperator()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String describe(V1LabelSelector selector) {
        if (selector == null) {
            return "(none)";
        }
        List<String> parts = new ArrayList<>();
        nonNull(selector.getMatchLabels()).forEach((k, v) -> parts.add(k + "=" + v));
        nonNull(selector.getMatchExpressions()).forEach(r -> parts.add(r.getKey() + " " + r.getOperator() + " "
                + nonNull(r.getValues())));
        return "{" + String.join(", ", parts) + "}";
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <K, V> Map<K, V> nonNull(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
