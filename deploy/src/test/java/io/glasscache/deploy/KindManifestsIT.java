package io.glasscache.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kind manifests as kubectl builds them: every document strictly valid in the official model, every
 * {@link ManifestChecks} check clean, and the ConfigMaps made from the generated files equal to those files. Nothing
 * here needs a cluster (and nothing claims what only a cluster could tell, such as admission).
 */
class KindManifestsIT {

    private static List<KubernetesObject> overlay;

    @BeforeAll
    static void build() {
        overlay = Kustomize.objects(Kustomize.OVERLAY);
    }

    @Test
    void theBaseAndTheOverlayBuildAndReadStrictly() {
        assertThat(Kustomize.objects(Kustomize.BASE)).hasSameSizeAs(overlay);
        assertThat(overlay).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).contains(
                "StatefulSet/memcached", "Service/memcached", "NetworkPolicy/memcached", "Deployment/cache-exporter",
                "StatefulSet/inference-demo", "PodDisruptionBudget/inference-demo",
                "HorizontalPodAutoscaler/inference-demo", "Deployment/loadgen", "Deployment/prometheus",
                "Role/prometheus", "RoleBinding/prometheus", "ServiceAccount/prometheus", "Deployment/alertmanager",
                "Deployment/grafana");
        assertThat(overlay).allSatisfy(o -> assertThat(o.getMetadata().getNamespace() == null
                ? o.getKind() : o.getMetadata().getNamespace()).isIn("glasscache", "Namespace"));
    }

    @Test
    void everyCheckIsClean() {
        Map<String, Set<String>> external = Kustomize.secretsCreatedByUpScript();
        assertThat(external).containsEntry("grafana-admin", Set.of("password"));
        assertThat(ManifestChecks.check(overlay, external)).isEmpty();
    }

    @Test
    void theGeneratedConfigMapsEqualTheFilesTheyAreMadeOf() {
        List<String> differences = new ArrayList<>();
        for (GeneratedCopies.Source source : GeneratedCopies.SOURCES) {
            V1ConfigMap built = configMap(source.configMap());
            differences.addAll(GeneratedCopies.differences(source.configMap(),
                    built.getData() == null ? Map.of() : built.getData(), source.files()));
        }
        assertThat(differences).as("run deploy/k8s/sync-generated.sh").isEmpty();
        assertThat(GeneratedCopies.SOURCES.get(0).files()).isNotEmpty(); // the rules exist today
    }

    @Test
    void everyConfigMapFitsTheApiLimit() {
        for (KubernetesObject o : overlay) {
            if (o instanceof V1ConfigMap c && c.getData() != null) {
                long bytes = c.getData().entrySet().stream().mapToLong(e -> e.getKey().length()
                        + e.getValue().getBytes(StandardCharsets.UTF_8).length).sum();
                assertThat(bytes).as(c.getMetadata().getName()).isLessThan(1024 * 1024);
            }
        }
    }

    @Test
    void theDemoIsScaledOutOverTheRingWithAVolumePerPod() {
        V1StatefulSet demo = workload(V1StatefulSet.class, "inference-demo");
        assertThat(demo.getSpec().getReplicas()).isEqualTo(2);
        assertThat(demo.getSpec().getVolumeClaimTemplates()).extracting(c -> c.getMetadata().getName())
                .containsExactly("failover-snapshots");
        V1Container app = demo.getSpec().getTemplate().getSpec().getContainers().get(0);
        String snapshotDir = Topology.configMapValue(overlay, "inference-demo-env", "GLASSCACHE_FAILOVER_SNAPSHOT_DIR");
        assertThat(app.getVolumeMounts()).anyMatch(m -> m.getName().equals("failover-snapshots")
                && m.getMountPath().equals(snapshotDir));
        assertThat(workload(V1StatefulSet.class, "memcached").getSpec().getReplicas()).isEqualTo(3);
        V1Container exporter = workload(V1Deployment.class, "cache-exporter").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertThat(exporter.getArgs()).contains("--memcached.discovery=dns://memcached:11211");
    }

    @Test
    void ourImagesAreNeverPulledInKind() {
        for (KubernetesObject o : overlay) {
            V1PodSpec pod = o instanceof V1Deployment d ? d.getSpec().getTemplate().getSpec()
                    : o instanceof V1StatefulSet s ? s.getSpec().getTemplate().getSpec() : null;
            if (pod == null) {
                continue;
            }
            List<V1Container> containers = new ArrayList<>(pod.getContainers());
            if (pod.getInitContainers() != null) {
                containers.addAll(pod.getInitContainers());
            }
            for (V1Container c : containers) {
                if (c.getImage().startsWith("glasscache/")) {
                    assertThat(c.getImagePullPolicy()).as(o.getMetadata().getName() + "/" + c.getName())
                            .isEqualTo("Never");
                }
            }
        }
    }

    private static <T extends KubernetesObject> T workload(Class<T> type, String name) {
        return overlay.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static V1ConfigMap configMap(String generatorName) {
        return overlay.stream().filter(V1ConfigMap.class::isInstance).map(V1ConfigMap.class::cast)
                .filter(c -> c.getMetadata().getName().matches(generatorName + "-[a-z0-9]{10}")).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + generatorName));
    }
}
