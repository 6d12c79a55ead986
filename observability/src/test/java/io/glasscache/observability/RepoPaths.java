package io.glasscache.observability;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates files of the repository from a module's working directory. */
final class RepoPaths {

    private RepoPaths() {
    }

    /** The repository root: the nearest ancestor of the working directory holding {@code deploy/prometheus}. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/prometheus")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no deploy/prometheus above " + Path.of("").toAbsolutePath());
    }

    static Path rules() {
        return root().resolve("deploy/prometheus/rules");
    }

    static Path dashboards() {
        return root().resolve("deploy/grafana/dashboards");
    }

    /** The Node project that turns Grafana's published types into a JSON Schema. */
    static Path grafanaSchema() {
        return root().resolve("observability/grafana-schema");
    }

    /** A jar the reactor builds before this module, e.g. {@code inference-demo/target/inference-demo.jar}. */
    static Path builtJar(String module, String jar) {
        Path path = root().resolve(module).resolve("target").resolve(jar);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " is missing: build it first (./mvnw -DskipTests install, or"
                    + " run this module's verify from the root with -am)");
        }
        return path;
    }
}
