package io.glasscache.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Where the suite writes what it measured: target/reliability of this module. */
final class Results {

    private Results() {
    }

    static Path dir() {
        Path dir = Path.of("target", "reliability").toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Writes (replaces) {@code name} in the results directory. */
    static Path write(String name, String text) {
        try {
            return Files.writeString(dir().resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends a line to {@code name}. */
    static void append(String name, String line) {
        try {
            Files.writeString(dir().resolve(name), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
