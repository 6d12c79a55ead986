package io.glasscache.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * How a fixture gets its server: a container through Testcontainers when a Docker engine answers, else a
 * binary from PATH (Debian packages), else a failure that names both ways.
 *
 * <p>System property {@code glasscache.fixtures} ({@code docker} or {@code binary}) forces one way.
 */
public enum Backend {
    DOCKER,
    BINARY;

    private static volatile Boolean dockerAvailable;

    /**
     * Picks the backend for a server.
     *
     * @param what          a human name ("memcached")
     * @param binary        the executable looked up on PATH
     * @param image         the container image used with Docker
     * @param debianPackage the Debian package that provides {@code binary}
     */
    public static Backend choose(String what, String binary, String image, String debianPackage) {
        String forced = System.getProperty("glasscache.fixtures", "").trim().toLowerCase(Locale.ROOT);
        if (forced.equals("binary")) {
            requireBinary(what, binary, image, debianPackage);
            return BINARY;
        }
        if (forced.equals("docker") || dockerAvailable()) {
            return DOCKER;
        }
        requireBinary(what, binary, image, debianPackage);
        return BINARY;
    }

    private static void requireBinary(String what, String binary, String image, String debianPackage) {
        if (onPath(binary).isEmpty()) {
            throw new IllegalStateException(what + " is needed by this test but neither way to get it is here: "
                    + "no Docker engine for Testcontainers (image " + image + ") and no '" + binary
                    + "' on PATH (install the Debian package: apt-get install " + debianPackage + ")");
        }
    }

    /** The executable's path if it is on PATH. */
    public static Optional<Path> onPath(String binary) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, binary);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static boolean dockerAvailable() {
        Boolean known = dockerAvailable;
        if (known == null) {
            boolean available;
            String dockerHost = System.getenv("DOCKER_HOST");
            boolean socketSeen = (dockerHost != null && !dockerHost.isBlank())
                    || Files.exists(Path.of("/var/run/docker.sock"))
                    || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))
                    || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
            try {
                // Skip Testcontainers' probe (and its ERROR log) where no engine could possibly answer.
                available = socketSeen && org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
            } catch (Throwable e) {
                available = false;
            }
            dockerAvailable = known = available;
        }
        return known;
    }
}
