package io.glasscache.cache.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a JDK that denies {@code sun.misc.Unsafe} memory access (JDK 25 with
 * {@code --sun-misc-unsafe-memory-access=deny}) the failover cache falls back to the heap store with one warning,
 * and works. The JDK is taken from {@code -Dglasscache.jdk25.home} (default: the Temurin 25 package path); if it is
 * missing the test fails, naming the property, rather than skipping.
 */
class UnsafeDeniedFallbackIT {

    private static final String JDK_PROPERTY = "glasscache.jdk25.home";
    private static Path java;

    @TempDir
    Path logs;

    @BeforeAll
    static void locateJdk25() {
        Path home = Path.of(System.getProperty(JDK_PROPERTY, "/usr/lib/jvm/temurin-25-jdk-amd64"));
        java = home.resolve("bin/java");
        assertThat(Files.isExecutable(java))
                .as("a JDK 25 is needed at %s; install Temurin 25 or pass -D%s=<jdk home>", home, JDK_PROPERTY)
                .isTrue();
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
