package io.glasscache.reliability;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the suite runs in: its root (the nearest ancestor with deploy/local/stack.sh) and its files. */
final class Project {

    static final Path ROOT = root();

    private Project() {
    }

    static Path file(String relative) {
        return ROOT.resolve(relative);
    }

    private static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/local/stack.sh"))
                    && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no deploy/local/stack.sh above " + Path.of("").toAbsolutePath());
    }
}
