package io.glasscache.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.glasscache.deploy.ManifestChecks.Problem;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each check passes on a valid stack and fails when exactly its rule is broken. */
class ManifestChecksTest {

    /** Secrets deploy/kind/up.sh would create: name to keys. */
    private static final Map<String, Set<String>> EXTERNAL = Map.of("admin", Set.of("password"));

    /** A mutation of the valid stack (fresh objects each time) and the check it must trip. */
    private record Breakage(String what, Consumer<List<KubernetesObject>> change, String check) {
        @Override
        public String toString() {
            return what;
        }
    }

    @Test
    void theValidStackPassesEveryCheck() {
        assertThat(ManifestChecks.check(stack(), EXTERNAL)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    void everyCheckCanFail(Breakage breakage) {
        List<KubernetesObject> objects = stack();
        breakage.change().accept(objects);
        List<Problem> problems = ManifestChecks.check(objects, EXTERNAL);
        assertThat(problems).as(breakage.what()).extracting(Problem::check).isNotEmpty().containsOnly(breakage.check());
    }

    @Test
    void aKubeLinterIgnoreAnnotationSilencesThatCheckOnly() {
        List<KubernetesObject> objects = stack();
        V1Deployment web = get(objects, V1Deployment.class, "web");
        web.getMetadata().putAnnotationsItem(ManifestChecks.IGNORE + "no-liveness-probe", "a test says so");
        container(web).setLivenessProbe(null);
        assertThat(ManifestChecks.check(objects, EXTERNAL)).isEmpty();
        container(web).setReadinessProbe(null);
        assertThat(ManifestChecks.check(objects, EXTERNAL)).extracting(Problem::check)
                .containsExactly("no-readiness-probe");
    }

    @Test
    void aSecretIsFoundOnlyWhereItIsCreated() {
        assertThat(ManifestChecks.check(stack(), Map.of())).extracting(Problem::toString)
                .containsExactly("dangling-secret Deployment/web: reads Secret admin, which is neither in the "
                        + "manifests nor created by deploy/kind/up.sh");
    }

    static Stream<Arguments> breakages() {
        return Stream.of(
                new Breakage("a selector that misses its own template",
                        o -> get(o, V1Deployment.class, "web").getSpec().getSelector()
                                .setMatchLabels(Map.of("app", "webb")), "mismatching-selector"),
                new Breakage("a Service that selects nothing",
                        o -> get(o, V1Service.class, "web").getSpec().setSelector(Map.of("app", "nothing")),
                        "dangling-service"),
                new Breakage("a Service targeting a port name no container has",
                        o -> get(o, V1Service.class, "web").getSpec().getPorts().get(0)
                                .setTargetPort(new IntOrString("htp")), "missing-named-port"),
                new Breakage("a Service targeting a port number no container has",
                        o -> get(o, V1Service.class, "web").getSpec().getPorts().get(0)
                                .setTargetPort(new IntOrString(9999)), "missing-named-port"),
                new Breakage("a probe on a port name the container lacks",
                        o -> container(get(o, V1Deployment.class, "web")).getReadinessProbe().getHttpGet()
                                .setPort(new IntOrString("metrics")), "missing-named-port"),
                new Breakage("a NetworkPolicy allowing a port name the pods lack",
                        o -> get(o, V1NetworkPolicy.class, "cache").getSpec().getIngress().get(0).getPorts().get(0)
                                .setPort(new IntOrString("memcache")), "missing-named-port"),
                new Breakage("envFrom a ConfigMap that does not exist",
                        o -> container(get(o, V1Deployment.class, "web")).getEnvFrom().get(0).getConfigMapRef()
                                .setName("web-envv"), "dangling-configmap"),
                new Breakage("a ConfigMap key that does not exist",
                        o -> get(o, V1ConfigMap.class, "web-env").setData(Map.of("MOOD", "fast")),
                        "dangling-configmap"),
                new Breakage("a Secret key that does not exist",
                        o -> container(get(o, V1Deployment.class, "web")).getEnv().get(1).getValueFrom()
                                .getSecretKeyRef().setKey("passwd"), "dangling-secret"),
                new Breakage("an image tagged latest",
                        o -> container(get(o, V1Deployment.class, "web")).setImage("example/web:latest"),
                        "latest-tag"),
                new Breakage("an image with no tag",
                        o -> container(get(o, V1StatefulSet.class, "cache")).setImage("memcached"), "latest-tag"),
                new Breakage("no liveness probe",
                        o -> container(get(o, V1Deployment.class, "web")).setLivenessProbe(null),
                        "no-liveness-probe"),
                new Breakage("no readiness probe",
                        o -> container(get(o, V1StatefulSet.class, "cache")).setReadinessProbe(null),
                        "no-readiness-probe"),
                new Breakage("no CPU limit",
                        o -> container(get(o, V1Deployment.class, "web")).getResources().getLimits().remove("cpu"),
                        "unset-cpu-requirements"),
                new Breakage("no memory request",
                        o -> container(get(o, V1StatefulSet.class, "cache")).getResources().getRequests()
                                .remove("memory"), "unset-memory-requirements"),
                new Breakage("a pod that may run as root",
                        o -> get(o, V1Deployment.class, "web").getSpec().getTemplate().getSpec().getSecurityContext()
                                .setRunAsUser(0L), "run-as-non-root"),
                new Breakage("a writable root filesystem",
                        o -> container(get(o, V1StatefulSet.class, "cache")).getSecurityContext()
                                .setReadOnlyRootFilesystem(false), "no-read-only-root-fs"),
                new Breakage("a pod running as a ServiceAccount that does not exist",
                        o -> o.remove(get(o, V1ServiceAccount.class, "reader")),
                        "non-existent-service-account"),
                new Breakage("a RoleBinding to a Role that does not exist",
                        o -> get(o, V1RoleBinding.class, "reader").getRoleRef().setName("writer"),
                        "dangling-rolebinding"),
                new Breakage("an HPA scaling a workload that does not exist",
                        o -> get(o, V2HorizontalPodAutoscaler.class, "web").getSpec().getScaleTargetRef()
                                .setKind("StatefulSet"), "dangling-horizontalpodautoscaler"),
                new Breakage("a PodDisruptionBudget selecting nothing",
                        o -> get(o, V1PodDisruptionBudget.class, "web").getSpec().getSelector()
                                .setMatchLabels(Map.of("app", "wbe")), "dangling-poddisruptionbudget"),
                new Breakage("a NetworkPolicy allowing pods that do not exist",
                        o -> get(o, V1NetworkPolicy.class, "cache").getSpec().getIngress().get(0).getFrom().get(0)
                                .getPodSelector().getMatchExpressions().get(0).setValues(List.of("wbe")),
                        "dangling-networkpolicy"),
                new Breakage("a StatefulSet whose governing Service is not headless",
                        o -> get(o, V1Service.class, "cache").getSpec().setClusterIP(null),
                        "statefulset-governing-service")
        ).map(Arguments::of);
    }

    private static List<KubernetesObject> stack() {
        return new java.util.ArrayList<>(KubernetesManifests.parse(KubernetesManifestsTest.validStack()));
    }

    private static <T extends KubernetesObject> T get(List<KubernetesObject> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static V1Container container(KubernetesObject workload) {
        var template = workload instanceof V1Deployment d ? d.getSpec().getTemplate()
                : ((V1StatefulSet) workload).getSpec().getTemplate();
        return template.getSpec().getContainers().get(0);
    }
}
