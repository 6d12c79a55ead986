package io.glasscache.deploy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.glasscache.testing.ToolResult;
import io.kubernetes.client.common.KubernetesObject;

/** {@code kubectl kustomize} of a directory of deploy/k8s, read strictly into the Kubernetes model. */
final class Kustomize {

    static final String OVERLAY = "deploy/k8s/overlays/kind";
    static final String BASE = "deploy/k8s/base";

    private Kustomize() {
    }

    /** The YAML stream kustomize builds from {@code dir} (relative to the repository root). */
    static String build(String dir) {
        String kubectl = Commands.require("kubectl", "kubectl 1.27 or newer, whose `kubectl kustomize` is kustomize "
                + "v5 (.ci/run installs one)");
        ToolResult result = Commands.run(Duration.ofSeconds(60), kubectl, "kustomize", dir);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("kubectl kustomize " + dir + " failed:\n" + result.output());
        }
        return result.output();
    }

    static List<KubernetesObject> objects(String dir) {
        return KubernetesManifests.parse(build(dir));
    }

    /** Secrets deploy/kind/up.sh creates (kubectl create secret generic NAME --from-literal=KEY=...): name to keys. */
    static Map<String, Set<String>> secretsCreatedByUpScript() {
        Map<String, Set<String>> secrets = new TreeMap<>();
        String script = Repo.read("deploy/kind/up.sh").replace("\\\n", " ");
        Matcher create = Pattern.compile("create secret generic ([a-z0-9-]+)((?:\\s+--from-literal=\\S+)+)")
                .matcher(script);
        while (create.find()) {
            Set<String> keys = new TreeSet<>();
            Matcher literal = Pattern.compile("--from-literal=([A-Za-z0-9_.-]+)=").matcher(create.group(2));
            while (literal.find()) {
                keys.add(literal.group(1));
            }
            secrets.put(create.group(1), keys);
        }
        return secrets;
    }
}
