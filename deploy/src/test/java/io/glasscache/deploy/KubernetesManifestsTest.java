package io.glasscache.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.glasscache.deploy.KubernetesManifests.InvalidManifestException;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1Deployment;
import org.junit.jupiter.api.Test;

/** The strict reading really rejects what kubectl would silently drop or misread. */
class KubernetesManifestsTest {

    static String validStack() {
        try (InputStream in = KubernetesManifestsTest.class.getResourceAsStream("/manifests/valid-stack.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void readsAValidStackIntoTheModel() {
        List<KubernetesObject> objects = KubernetesManifests.parse(validStack());
        assertThat(objects).hasSize(11);
        V1Deployment web = (V1Deployment) objects.stream().filter(o -> o instanceof V1Deployment).findFirst()
                .orElseThrow();
        assertThat(web.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("example/web:1.0.0");
    }

    @Test
    void rejectsAMisspeltFieldDeepInAContainer() {
        String misspelt = validStack().replace("          image: example/web:1.0.0",
                "          image: example/web:1.0.0\n          imagePullPolcy: Never");
        assertThatThrownBy(() -> KubernetesManifests.parse(misspelt))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("imagePullPolcy").hasMessageContaining("V1Container")
                .hasMessageContaining("apps/v1 Deployment");
    }

    @Test
    void rejectsAMisspeltTopLevelField() {
        String misspelt = validStack().replace("kind: ConfigMap\nmetadata:", "kind: ConfigMap\nmetdata:");
        assertThatThrownBy(() -> KubernetesManifests.parse(misspelt))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("metdata");
    }

    @Test
    void rejectsADuplicateKey() {
        // YAML 1.1 parsers keep the last value: the first replicas would be silently ignored.
        String duplicate = validStack().replace("  replicas: 2\n", "  replicas: 2\n  replicas: 3\n");
        assertThatThrownBy(() -> KubernetesManifests.parse(duplicate))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("duplicate key")
                .hasMessageContaining("replicas");
    }

    @Test
    void rejectsAValueOfTheWrongType() {
        String wrongType = validStack().replace("  replicas: 2\n", "  replicas: two\n");
        assertThatThrownBy(() -> KubernetesManifests.parse(wrongType))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("Deployment");
    }

    @Test
    void rejectsAKindUnderTheWrongApiGroupAndAnUnknownKind() {
        assertThatThrownBy(() -> KubernetesManifests.parse(validStack().replace(
                "apiVersion: apps/v1\nkind: Deployment", "apiVersion: v1\nkind: Deployment")))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("not in API v1");
        assertThatThrownBy(() -> KubernetesManifests.parse("apiVersion: v1\nkind: Pods\nmetadata: {name: x}\n"))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("no model for kind Pods");
    }

    @Test
    void rejectsAMissingRequiredField() {
        String nameless = validStack().replace("        - name: web\n          image:", "        - image:");
        assertThatThrownBy(() -> KubernetesManifests.parse(nameless))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("name");
    }
}
