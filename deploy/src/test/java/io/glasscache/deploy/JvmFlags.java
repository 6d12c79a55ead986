package io.glasscache.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM flags each of our processes is documented to run with, read from where they are documented, and the flags
 * of a {@code java ...} command line.
 */
final class JvmFlags {

    private static final Pattern FENCE = Pattern.compile("(?ms)^```[^\\n]*\\n(.*?)^```");

    private JvmFlags() {
    }

    /** The flags between {@code java} and {@code -jar}/{@code -cp} of a command given as words. */
    static List<String> of(List<String> command) {
        int java = -1;
        for (int i = 0; i < command.size(); i++) {
            if (command.get(i).equals("java") || command.get(i).endsWith("/java")) {
                java = i;
                break;
            }
        }
        if (java < 0) {
            throw new IllegalArgumentException("no java in " + command);
        }
        List<String> flags = new ArrayList<>();
        for (String word : command.subList(java + 1, command.size())) {
            if (word.equals("-jar") || word.equals("-cp") || word.equals("-classpath")) {
                return flags;
            }
            if (word.startsWith("-X")) {
                flags.add(word);
            }
        }
        throw new IllegalArgumentException("no -jar or -cp after java in " + command);
    }

    /** The flags of the first {@code java ... -jar <jar>} line inside a fenced code block of a Markdown text. */
    static List<String> fromFencedBlock(String markdown, String jar) {
        Matcher block = FENCE.matcher(markdown);
        while (block.find()) {
            for (String line : block.group(1).split("\n")) {
                if (line.contains("java ") && line.contains(jar)) {
                    return of(List.of(line.trim().split("\\s+")));
                }
            }
        }
        throw new IllegalArgumentException("no fenced block with a 'java ... " + jar + "' line");
    }

    /**
     * The words of the fenced block between {@code <!-- <marker>:begin ... -->} and {@code <!-- <marker>:end -->} in a
     * Markdown text: a block of flags the docs mark as the one to copy.
     */
    static List<String> fromMarkedBlock(String markdown, String marker) {
        Matcher m = Pattern.compile("(?s)<!-- " + Pattern.quote(marker) + ":begin[^>]*-->\\s*```[^\\n]*\\n(.*?)```"
                + "\\s*<!-- " + Pattern.quote(marker) + ":end -->").matcher(markdown);
        if (!m.find()) {
            throw new IllegalArgumentException("no fenced block marked " + marker);
        }
        return List.of(m.group(1).trim().split("\\s+"));
    }

    /** The flags of the first line of a script that runs java and contains {@code marker}. */
    static List<String> fromScript(String script, String marker) {
        for (String line : script.split("\n")) {
            if (line.contains("java ") && line.contains(marker) && !line.trim().startsWith("#")) {
                return of(List.of(line.trim().split("\\s+")));
            }
        }
        throw new IllegalArgumentException("no java line with " + marker);
    }

    /** The words of the code span right after {@code intro} in a Markdown text (a span may cross a line break). */
    static List<String> fromCodeSpanAfter(String markdown, String intro) {
        Matcher m = Pattern.compile(Pattern.quote(intro) + "\\s+`([^`]+)`").matcher(markdown);
        if (!m.find()) {
            throw new IllegalArgumentException("no code span after '" + intro + "'");
        }
        return List.of(m.group(1).trim().split("\\s+"));
    }

    /** The words of a bash array assignment {@code name=(a b c)} in a script. */
    static List<String> fromBashArray(String script, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "=\\(([^)]*)\\)").matcher(script);
        if (!m.find()) {
            throw new IllegalArgumentException("no array " + name + "=(...)");
        }
        return List.of(m.group(1).trim().split("\\s+"));
    }
}
