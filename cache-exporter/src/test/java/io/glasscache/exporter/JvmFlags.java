package io.glasscache.exporter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The recommended JVM flags, as docs/exporter.md states them in its one {@code jvm-flags} block: the flags the
 * process tests start the exporter with, the bench measures, and the Dockerfile copies.
 */
final class JvmFlags {

    static final Path DOC = Path.of("../docs/exporter.md");
    static final String BEGIN = "<!-- jvm-flags:begin";
    static final String END = "<!-- jvm-flags:end -->";

    private JvmFlags() {
    }

    static List<String> recommended() {
        String doc;
        try {
            doc = Files.readString(DOC, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        if (begin < 0 || end < begin || doc.indexOf(BEGIN, begin + 1) >= 0) {
            throw new IllegalStateException(DOC + " must hold exactly one " + BEGIN + " ... " + END + " block");
        }
        String block = doc.substring(begin, end);
        int open = block.indexOf("\n```\n");
        int close = block.indexOf("\n```\n", open + 1);
        if (open < 0 || close < 0) {
            throw new IllegalStateException(DOC + ": the jvm-flags block must be one fenced code block");
        }
        return Arrays.asList(block.substring(open + 5, close).trim().split("\\s+"));
    }
}
