package io.glasscache.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks for secrets in text: private keys, cloud and service tokens, credentials in URLs, bcrypt hashes, and
 * passwords given a literal value in configuration. A finding names the file, the line and the rule; allowed
 * findings (a public test vector, say) must be listed with their reason.
 */
final class SecretScan {

    /** A rule: its name and what it matches. */
    record Rule(String name, Pattern pattern) {
    }

    /** A match: where, and which rule. */
    record Finding(String file, int line, String rule, String text) {
        @Override
        public String toString() {
            return file + ":" + line + " " + rule + ": " + text;
        }
    }

    /** A value, not a reference ($X, ${X}, <placeholder>), an environment variable's name or code (a call). */
    static final Rule LITERAL_PASSWORD = new Rule("password with a literal value", Pattern.compile(
            "(?i)\\b(?:password|passwd|secret|api[_-]?key|token)\\b[\"']?\\s*[:=]\\s*[\"']?"
                    + "(?!\\$|<|\\*|\\.\\.\\.)(?-i:(?![A-Z][A-Z0-9_]*\\b))(?![^\\s\"',;]*\\()[^\\s\"',;()]{6,}"));

    static final List<Rule> RULES = List.of(
            new Rule("private key", Pattern.compile("-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----")),
            new Rule("AWS access key", Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b")),
            new Rule("GitHub token", Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{36,}\\b")),
            new Rule("Slack token", Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}")),
            new Rule("Google API key", Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}\\b")),
            new Rule("JWT", Pattern.compile("\\beyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}")),
            new Rule("credentials in a URL", Pattern.compile("\\b[a-z][a-z0-9+.-]*://[^/\\s:@'\"]+:[^/\\s:@'\"$<{]+@")),
            new Rule("bcrypt hash", Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}")),
            LITERAL_PASSWORD);

    private SecretScan() {
    }

    /** Every finding in {@code text}, reported as {@code file}. */
    static List<Finding> scan(String file, String text) {
        List<Finding> findings = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            boolean comment = lines[i].trim().matches("(#|//|\\*|/\\*|<!--).*");
            for (Rule rule : RULES) {
                if (comment && rule == LITERAL_PASSWORD) {
                    continue; // prose about passwords; keys and tokens are still looked for
                }
                Matcher m = rule.pattern().matcher(lines[i]);
                if (m.find()) {
                    String match = m.group();
                    findings.add(new Finding(file, i + 1, rule.name(), match.length() > 60 ? match.substring(0, 60)
                            + "..." : match));
                }
            }
        }
        return findings;
    }

    /** Every file git tracks, or would track (untracked, not ignored), that reads as text. */
    static List<Finding> scanRepository(Map<String, String> allowed) throws IOException {
        Shell.Result files = Shell.run(java.time.Duration.ofSeconds(60), "git", "ls-files", "--cached", "--others",
                "--exclude-standard");
        if (!files.ok()) {
            throw new IllegalStateException("git ls-files: " + files.output());
        }
        List<Finding> findings = new ArrayList<>();
        for (String name : files.output().split("\n")) {
            Path file = Project.ROOT.resolve(name);
            if (name.isBlank() || !Files.isRegularFile(file) || Files.size(file) > (4 << 20)) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(file);
            if (isBinary(bytes)) {
                continue;
            }
            for (Finding finding : scan(name, new String(bytes, StandardCharsets.UTF_8))) {
                if (!allowed.containsKey(name + " " + finding.rule())) {
                    findings.add(finding);
                }
            }
        }
        return findings;
    }

    private static boolean isBinary(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }
}
