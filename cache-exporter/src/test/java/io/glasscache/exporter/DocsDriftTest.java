package io.glasscache.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.glasscache.exporter.mapping.Family;
import org.junit.jupiter.api.Test;

/**
 * docs/exporter.md's family table and flag list are generated from {@link Family} and {@link ExporterFlags}.
 * Regenerate with {@code ./mvnw -B -o -pl cache-exporter test -Dtest=DocsDriftTest -Ddocs.update=true}.
 */
class DocsDriftTest {

    private static final Path DOC = Path.of("../docs/exporter.md");

    static String familyTable() {
        StringBuilder out = new StringBuilder("| Family | Type | Labels | Group | Source |\n|---|---|---|---|---|\n");
        for (Family f : Family.values()) {
            String source = switch (f.source()) {
                case STATS -> "stats `" + f.stat() + "`";
                case SETTINGS -> "stats settings `" + f.stat() + "`";
                case SLABS -> "stats slabs `<class>:" + f.stat() + "`";
                case SLABS_TOTAL -> "stats slabs `" + f.stat() + "`";
                case ITEMS -> "stats items `items:<class>:" + f.stat() + "`";
                case DERIVED -> f.stat() == null ? "exporter" : "derived: " + f.stat();
            };
            out.append("| `").append(f.sampleName()).append("` | ").append(f.type().name().toLowerCase())
                    .append(" | ").append(f.labels().isEmpty() ? "" : "`" + String.join("`, `", f.labels()) + "`")
                    .append(" | ").append(f.group().name().toLowerCase()).append(" | ").append(source).append(" — ")
                    .append(f.help().replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }

    static String flagBlock() {
        return "```\n" + ExporterFlags.usage() + "```\n";
    }

    private static String section(String doc, String name, String body) {
        String begin = "<!-- " + name + ":begin (generated, see DocsDriftTest) -->\n";
        String end = "<!-- " + name + ":end -->";
        int from = doc.indexOf(begin);
        int to = doc.indexOf(end);
        assertThat(from).as("marker %s in %s", begin.strip(), DOC).isNotNegative();
        assertThat(to).isGreaterThan(from);
        return doc.substring(0, from + begin.length()) + body + doc.substring(to);
    }

    @Test
    void docListsEveryFamilyAndFlagAsTheCodeHasThem() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        String expected = section(section(doc, "families", familyTable()), "flags", flagBlock());
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
            doc = expected;
        }
        assertThat(doc).as("docs/exporter.md is stale: rerun with -Ddocs.update=true").isEqualTo(expected);
        for (Family family : Family.values()) {
            assertThat(doc).contains("| `" + family.sampleName() + "` |");
        }
    }
}
