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
}
