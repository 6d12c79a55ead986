package io.glasscache.exporter.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.glasscache.exporter.stats.MemcachedAddress;

/**
 * Which targets /scrape may query: patterns with {@code *} and {@code ?} wildcards matched against the canonical
 * {@code host:port} (or unix socket path). Checked before any connection, so the exporter is no open proxy.
 */
final class TargetAllowlist {

    private final List<Pattern> patterns = new ArrayList<>();

    TargetAllowlist(List<String> patterns) {
        for (String pattern : patterns) {
            checkPattern(pattern);
            this.patterns.add(compile(pattern));
        }
    }

    /** A pattern must name a port (or be a socket path), so that allowing a host never opens its other ports. */
    static void checkPattern(String pattern) {
        if (pattern.isEmpty() || pattern.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("empty or blank pattern");
        }
        if (!pattern.startsWith("/") && pattern.lastIndexOf(':') < 0) {
            throw new IllegalArgumentException("pattern '" + pattern + "' needs a port, e.g. " + pattern + ":11211");
        }
    }

    private static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    boolean allows(MemcachedAddress target) {
        String canonical = target.toString().toLowerCase(Locale.ROOT);
        for (Pattern pattern : patterns) {
            if (pattern.matcher(canonical).matches()) {
                return true;
            }
        }
        return false;
    }
}
