package io.glasscache.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** README.md's usage example is the code ReadmeExampleIT runs: every line of the snippet, in order. */
class ReadmeSnippetTest {

    @Test
    void readmeSnippetIsTheTestedExample() throws IOException {
        Path module = Path.of("").toAbsolutePath();
        String readme = Files.readString(module.resolveSibling("README.md"));
        int section = readme.indexOf("## Use cache-core from another Maven project");
        assertThat(section).as("README section").isNotNegative();
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        int end = readme.indexOf("```", start);
        List<String> snippet = readme.substring(start, end).lines().map(String::strip)
                .filter(line -> !line.isEmpty()).toList();
        assertThat(snippet).hasSizeGreaterThan(10);

        String example = Files.readString(module.resolve("src/test/java/io/glasscache/cache/ReadmeExampleIT.java"));
        int from = 0;
        for (String line : snippet) {
            int at = example.indexOf(line, from);
            assertThat(at).as("README line not in ReadmeExampleIT (in order): " + line).isNotNegative();
            from = at + line.length();
        }
    }
}
