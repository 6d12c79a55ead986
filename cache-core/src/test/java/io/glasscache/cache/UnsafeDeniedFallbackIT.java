package io.glasscache.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a JDK that denies {@code sun.misc.Unsafe} memory access (JDK 25 with
 * {@code --sun-misc-unsafe-memory-access=deny}) the failover cache falls back to the heap store with one warning,
 * and works. The JDK is {@code -Dglasscache.jdk25.home}, else the running JVM if it is 24 or newer, else the newest
 * JDK >= 24 under /usr/lib/jvm; if there is none the test fails, naming the property, rather than skipping.
 */
class UnsafeDeniedFallbackIT {

    private static final String JDK_PROPERTY = "glasscache.jdk25.home";
    private static Path java;

    @TempDir
    Path logs;

    @BeforeAll
    static void locateJdk25() throws IOException {
        java = findJdk().orElse(null);
        assertThat(java).as("a JDK 24 or newer is needed to deny sun.misc.Unsafe: none runs these tests, none is under "
                + "/usr/lib/jvm; install one (e.g. Temurin 25) or pass -D%s=<jdk home>", JDK_PROPERTY).isNotNull();
    }

    /** -Dglasscache.jdk25.home, else this JVM if it is new enough, else the newest JDK >= 24 under /usr/lib/jvm. */
    private static Optional<Path> findJdk() throws IOException {
        String configured = System.getProperty(JDK_PROPERTY);
        if (configured != null) {
            Path bin = Path.of(configured, "bin/java");
            assertThat(Files.isExecutable(bin)).as("-D%s=%s has no bin/java", JDK_PROPERTY, configured).isTrue();
            return Optional.of(bin);
        }
        if (Runtime.version().feature() >= 24) {
            return ProcessHandle.current().info().command().map(Path::of);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (var homes = Files.list(jvms)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")))
                    .filter(home -> featureVersion(home) >= 24)
                    .max(Comparator.comparingInt(UnsafeDeniedFallbackIT::featureVersion))
                    .map(home -> home.resolve("bin/java"));
        }
    }

    /** The major version in a JDK's {@code release} file, or 0. */
    private static int featureVersion(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(v.split("[.+-]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    @Test
    void autoFallsBackToTheHeapWithOneWarningWhenUnsafeIsDenied() throws Exception {
        String out = probe("deny", "AUTO");
        assertThat(out).contains("PROBE store=HEAP roundtrip=ok").contains("PROBE list=[25]");
        assertThat(count(out, "Falling back to the heap store")).isEqualTo(1);
        assertThat(out).contains("--sun-misc-unsafe-memory-access=deny");
    }

    @Test
    void offHeapStillWorksOnJdk25WhenUnsafeIsOnlyWarned() throws Exception {
        String out = probe("warn", "AUTO");
        assertThat(out).contains("PROBE store=OFF_HEAP roundtrip=ok").doesNotContain("Falling back");
    }

    @Test
    void explicitOffHeapFailsClearlyWhenUnsafeIsDenied() throws Exception {
        String out = probe("deny", "OFF_HEAP");
        assertThat(out).contains("PROBE failed=IllegalStateException")
                .contains("off-heap store (OHC) is not available in this JVM");
    }

    private String probe(String unsafeMode, String storeType) throws IOException, InterruptedException {
        Path log = logs.resolve(unsafeMode + "-" + storeType + ".log");
        List<String> command = new ArrayList<>(List.of(java.toString(),
                "--sun-misc-unsafe-memory-access=" + unsafeMode,
                "-cp", System.getProperty("java.class.path"),
                StoreFallbackProbe.class.getName(), storeType));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("probe finished within 60 s").isTrue();
        } finally {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
