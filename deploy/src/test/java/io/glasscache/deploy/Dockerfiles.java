package io.glasscache.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;

/**
 * Reads a Dockerfile (instructions, line continuations joined, comments dropped) and checks what can be checked
 * without a Docker engine: pinned base images, COPY sources that exist in the build context, a non-root user in the
 * final stage, and a build stage that has every Maven module's pom (Maven reads the whole reactor).
 */
final class Dockerfiles {

    record Instruction(int line, String keyword, String arguments) {
    }

    private static final Pattern FROM = Pattern.compile("(?i)(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?");

    private Dockerfiles() {
    }

    static List<Instruction> parse(String text) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int start = 0;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (current.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (!current.isEmpty() && line.startsWith("#")) {
                continue; // a comment inside a continued instruction
            }
            if (current.isEmpty()) {
                start = i + 1;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String full = current.toString().strip();
            int space = full.indexOf(' ');
            instructions.add(new Instruction(start, (space < 0 ? full : full.substring(0, space)).toUpperCase(),
                    space < 0 ? "" : full.substring(space + 1).strip()));
            current.setLength(0);
        }
        return instructions;
    }

    /**
     * Every problem of a Dockerfile.
     *
     * @param context the build context (the repository root)
     * @param modules the Maven modules of the root pom, whose poms a build stage must copy
     */
    static List<String> check(String text, Path context, List<String> modules) {
        List<String> problems = new ArrayList<>();
        List<Instruction> instructions = parse(text);
        Set<String> stages = new HashSet<>();
        String finalUser = null;
        boolean mavenBuild = false;
        Set<String> copied = new HashSet<>();
        for (Instruction in : instructions) {
            switch (in.keyword()) {
                case "FROM" -> {
                    Matcher m = FROM.matcher(in.arguments());
                    if (!m.matches()) {
                        problems.add("line " + in.line() + ": cannot read FROM " + in.arguments());
                        break;
                    }
                    String image = m.group(1);
                    if (!stages.contains(image) && !ManifestChecks.pinned(image)) {
                        problems.add("line " + in.line() + ": base image " + image + " is not pinned to a version");
                    }
                    if (m.group(2) != null) {
                        stages.add(m.group(2));
                    }
                    finalUser = null; // a new stage starts as the base image's user: root unless said otherwise
                }
                case "ADD" -> problems.add("line " + in.line() + ": ADD fetches and unpacks; use COPY");
                case "COPY" -> {
                    List<String> args = words(in.arguments());
                    if (args.stream().anyMatch(a -> a.startsWith("--from="))) {
                        break;
                    }
                    List<String> sources = args.stream().filter(a -> !a.startsWith("--")).toList();
                    for (String source : sources.subList(0, Math.max(0, sources.size() - 1))) {
                        if (!exists(context, source)) {
                            problems.add("line " + in.line() + ": COPY source " + source
                                    + " does not exist in the build context");
                        }
                        copied.add(source.replaceAll("/+$", ""));
                    }
                }
                case "USER" -> finalUser = in.arguments();
                case "RUN" -> mavenBuild |= in.arguments().contains("./mvnw");
                default -> {
                }
            }
        }
        if (finalUser == null || finalUser.split(":")[0].equals("root") || finalUser.split(":")[0].equals("0")) {
            problems.add("the final stage runs as " + (finalUser == null ? "root (no USER)" : finalUser));
        }
        if (!mavenBuild) {
            problems.add("no build stage runs ./mvnw: the image must build from source");
        }
        for (String module : modules) {
            if (!copied.contains(module + "/pom.xml")) {
                problems.add("the build stage does not copy " + module + "/pom.xml: Maven reads every module's pom");
            }
        }
        return problems;
    }

    /** The exec-form ENTRYPOINT, as a list of words. */
    static List<String> entrypoint(String text) {
        Instruction last = null;
        for (Instruction in : parse(text)) {
            if (in.keyword().equals("ENTRYPOINT")) {
                last = in;
            }
        }
        if (last == null || !last.arguments().startsWith("[")) {
            throw new IllegalArgumentException("no exec-form ENTRYPOINT [\"java\", ...]");
        }
        JsonArray array = JsonParser.parseString(last.arguments()).getAsJsonArray();
        List<String> words = new ArrayList<>();
        array.forEach(e -> words.add(e.getAsString()));
        return words;
    }

    private static boolean exists(Path context, String source) {
        if (!source.contains("*") && !source.contains("?")) {
            return Files.exists(context.resolve(source));
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + source);
        try (Stream<Path> files = Files.walk(context, 3)) {
            return files.map(context::relativize).anyMatch(matcher::matches);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> words(String arguments) {
        return List.of(arguments.trim().split("\\s+"));
    }
}
