package io.glasscache.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.glasscache.observability.mixin.GlassCacheMixin;
import io.glasscache.observability.mixin.MixinConfig;
import org.junit.jupiter.api.Test;

/**
 * The committed dashboards and rule files are what the generator writes for the default configuration: a stale
 * file fails the build with its diff and the command that regenerates it.
 */
class GeneratedFilesTest {

    private static final String REGENERATE = "regenerate with: ./mvnw -q -pl observability -am -Pgenerate"
            + " process-classes";

    private final Map<Path, String> expected = expected();

    private static Map<Path, String> expected() {
        try {
            return Generate.render(new GlassCacheMixin(MixinConfig.defaults()), RepoPaths.dashboards(),
                    RepoPaths.rules());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyCommittedFileIsUpToDate() throws IOException {
        List<String> stale = new ArrayList<>();
        for (Map.Entry<Path, String> file : expected.entrySet()) {
            String committed = Files.exists(file.getKey()) ? Files.readString(file.getKey()) : "";
            String diff = Diff.of(committed, file.getValue());
            if (!diff.isEmpty()) {
                stale.add(RepoPaths.root().relativize(file.getKey()) + " (- committed, + generated):\n" + diff);
            }
        }
        assertThat(stale).as(REGENERATE + "\n" + String.join("\n", stale)).isEmpty();
    }

    @Test
    void noStaleFileIsLeftBesideTheGeneratedOnes() throws IOException {
        List<Path> present = new ArrayList<>();
        for (Path dir : List.of(RepoPaths.dashboards(), RepoPaths.rules())) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(Files::isRegularFile).forEach(present::add);
            }
        }
        assertThat(present).as("files under deploy/ that the generator does not write: delete them, or "
                + REGENERATE).containsExactlyInAnyOrderElementsOf(expected.keySet());
    }

    @Test
    void theDiffShowsTheChangedLines() {
        String diff = Diff.of("a\nb\nc\n", "a\nB\nc\n");
        assertThat(diff).contains("- b").contains("+ B").doesNotContain("- a");
        assertThat(Diff.of("same\n", "same\n")).isEmpty();
    }

    @Test
    void theJarCarriesTheCommittedFiles() throws IOException {
        for (Map.Entry<Path, String> file : expected.entrySet()) {
            Path relative = file.getKey().startsWith(RepoPaths.dashboards())
                    ? Path.of("glasscache/grafana/dashboards").resolve(RepoPaths.dashboards().relativize(file.getKey()))
                    : Path.of("glasscache/prometheus/rules").resolve(RepoPaths.rules().relativize(file.getKey()));
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(relative.toString())) {
                assertThat(in).as("resource " + relative).isNotNull();
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as(relative.toString())
                        .isEqualTo(Files.readString(file.getKey()));
            }
        }
    }
}
