package io.glasscache.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.kubernetes.client.openapi.models.V1Deployment;
import org.junit.jupiter.api.Test;

/**
 * Every place that starts one of our JVMs (the images, compose, the kind manifests, the local stack) uses the flags
 * documented for it: the exporter's recommended block in docs/exporter.md, the demo's and the load generator's
 * measured command lines in inference-demo/bench/run-bench.sh, which docs/demo.md names.
 */
class JvmFlagsTest {

    static List<String> exporterFlags() {
        return JvmFlags.fromMarkedBlock(Repo.read("docs/exporter.md"), "jvm-flags");
    }

    static List<String> demoFlags() {
        return JvmFlags.fromScript(Repo.read("inference-demo/bench/run-bench.sh"), "-jar \"$jar\"");
    }

    static List<String> loadgenFlags() {
        return JvmFlags.fromScript(Repo.read("inference-demo/bench/run-bench.sh"), "loadgen.LoadGenerator");
    }

    @Test
    void theDocumentedFlagsAreFoundAndAgreeWithTheDocs() {
        assertThat(exporterFlags()).isNotEmpty().allMatch(f -> f.startsWith("-X"));
        // docs/demo.md states the GC flags of the bench's command lines in its prose
        assertThat(demoFlags()).containsAll(JvmFlags.fromCodeSpanAfter(Repo.read("docs/demo.md"), "runs the app with"));
        assertThat(loadgenFlags()).containsAll(JvmFlags.fromCodeSpanAfter(Repo.read("docs/demo.md"),
                "runs it with"));
    }

    @Test
    void theImagesRunTheDocumentedFlags() {
        assertThat(JvmFlags.of(Dockerfiles.entrypoint(Repo.read("deploy/compose/Dockerfile.exporter"))))
                .isEqualTo(exporterFlags());
        assertThat(JvmFlags.of(Dockerfiles.entrypoint(Repo.read("deploy/compose/Dockerfile.demo"))))
                .isEqualTo(demoFlags());
    }

    @Test
    void theLoadGeneratorRunsTheDocumentedFlagsInComposeAndKubernetes() {
        List<String> compose = Topology.list(ComposeFileTest.service(ComposeFileTest.compose(), "loadgen")
                .get("entrypoint")).stream().map(String::valueOf).toList();
        assertThat(JvmFlags.of(compose)).isEqualTo(loadgenFlags());
        V1Deployment kind = (V1Deployment) KubernetesManifests.parse(Repo.read("deploy/k8s/base/loadgen.yaml")).get(0);
        assertThat(JvmFlags.of(kind.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand()))
                .isEqualTo(loadgenFlags());
    }

    @Test
    void theLocalStackRunsTheDocumentedFlags() {
        String stack = Repo.read("deploy/local/stack.sh");
        assertThat(JvmFlags.fromBashArray(stack, "exporter_jvm")).isEqualTo(exporterFlags());
        assertThat(JvmFlags.fromBashArray(stack, "demo_jvm")).isEqualTo(demoFlags());
        assertThat(JvmFlags.fromBashArray(stack, "loadgen_jvm")).isEqualTo(loadgenFlags());
    }

    @Test
    void aChangedDocumentedBlockNoLongerMatches() {
        String docs = Repo.read("docs/exporter.md").replace(
                "\n-Xmx32m -Xms8m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError\n",
                "\n-Xmx48m -XX:+UseParallelGC\n");
        assertThat(JvmFlags.fromMarkedBlock(docs, "jvm-flags")).containsExactly("-Xmx48m",
                "-XX:+UseParallelGC").isNotEqualTo(exporterFlags());
    }

    @Test
    void docsWithoutTheBlockFailClearly() {
        assertThatThrownBy(() -> JvmFlags.fromFencedBlock("# no code here\n`java -jar x.jar` inline\n", "x.jar"))
                .hasMessageContaining("no fenced block");
        assertThatThrownBy(() -> JvmFlags.of(List.of("java", "-Xmx1g")))
                .hasMessageContaining("no -jar or -cp");
    }
}
