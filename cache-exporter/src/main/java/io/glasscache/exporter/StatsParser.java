package io.glasscache.exporter;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Parses memcached's text-protocol stats answers. Pure and total: it never throws, whatever the input;
 * every line that is not {@code STAT <name> <value>} (or whose name lacks the expected {@code <class>:} or
 * {@code items:<class>:} shape) is skipped and counted.
 */
public final class StatsParser {

    private static final int MAX_SLAB_CLASS = 1024; // memcached has at most 64 (MAX_NUMBER_OF_SLAB_CLASSES)

    private StatsParser() {
    }

    /** Parses the four answers; any may be null (not requested or not answered). */
    public static MemcachedStats parse(String stats, String settings, String slabs, String items) {
        int[] errors = {0};
        Map<String, String> general = flat(stats, errors);
        Map<String, String> settingsMap = flat(settings, errors);
        PerClass slabClasses = new PerClass(false);
        Map<String, String> slabTotals = new HashMap<>();
        lines(slabs, errors, (line, nameStart, nameEnd, value) -> {
            int colon = line.indexOf(':', nameStart);
            if (colon < 0 || colon >= nameEnd) {
                slabTotals.put(name(line, nameStart, nameEnd), value); // active_slabs, total_malloced
            } else if (!slabClasses.put(line, nameStart, colon, nameEnd, value)) {
                errors[0]++;
            }
        });
        PerClass itemClasses = new PerClass(true);
        lines(items, errors, (line, nameStart, nameEnd, value) -> {
            if (!itemClasses.put(line, nameStart, line.indexOf(':', nameStart), nameEnd, value)) {
                errors[0]++;
            }
        });
        return new MemcachedStats(Collections.unmodifiableMap(general), Collections.unmodifiableMap(settingsMap),
                Collections.unmodifiableSortedMap(slabClasses.classes), Collections.unmodifiableMap(slabTotals),
                Collections.unmodifiableSortedMap(itemClasses.classes), errors[0]);
    }

    /** {@code <class>:<name>} (stats slabs) or {@code items:<class>:<name>} (stats items) keyed lines. */
    private static final class PerClass {
        final SortedMap<Integer, Map<String, String>> classes = new TreeMap<>();
        private final boolean itemsPrefix;
        private int lastId = -1;
        private Map<String, String> last;

        PerClass(boolean itemsPrefix) {
            this.itemsPrefix = itemsPrefix;
        }

        /** The stat name is line[nameStart, nameEnd); its first colon is at {@code colon} (-1 if none). */
        boolean put(String line, int nameStart, int colon, int nameEnd, String value) {
            if (colon < 0 || colon >= nameEnd) {
                return false;
            }
            int idStart = nameStart;
            if (itemsPrefix) {
                if (colon - nameStart != 5 || !line.startsWith("items", nameStart)) {
                    return false;
                }
                idStart = colon + 1;
                colon = line.indexOf(':', idStart);
                if (colon < 0 || colon >= nameEnd) {
                    return false;
                }
            }
            int id = slabClass(line, idStart, colon);
            if (id < 0 || colon + 1 == nameEnd) {
                return false;
            }
            if (id != lastId) { // lines come grouped by class: look the map up once per class
                last = classes.computeIfAbsent(id, k -> new HashMap<>());
                lastId = id;
            }
            last.put(name(line, colon + 1, nameEnd), value);
            return true;
        }
    }

    private static int slabClass(String line, int from, int to) {
        if (to == from || to - from > 4) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= MAX_SLAB_CLASS ? value : -1;
    }

    /** {@code STAT name value} lines up to {@code END}; the value is the rest of the line (it may hold spaces). */
    static Map<String, String> flat(String answer, int[] errors) {
        Map<String, String> out = new LinkedHashMap<>();
        lines(answer, errors, (line, nameStart, nameEnd, value) -> out.put(name(line, nameStart, nameEnd), value));
        return out;
    }

    @FunctionalInterface
    private interface StatLine {
        /** A well-formed line: the name is answer[nameStart, nameEnd). */
        void accept(String answer, int nameStart, int nameEnd, String value);
    }

    /** Finds the {@code STAT name value} lines in place (no per-line copies); counts every other non-empty line. */
    private static void lines(String answer, int[] errors, StatLine sink) {
        if (answer == null) {
            return;
        }
        int start = 0;
        int length = answer.length();
        while (start < length) {
            int newline = answer.indexOf('\n', start);
            int end = newline < 0 ? length : newline;
            int lineStart = start;
            start = end + 1;
            if (end > lineStart && answer.charAt(end - 1) == '\r') {
                end--;
            }
            if (end == lineStart || (end - lineStart == 3 && answer.startsWith("END", lineStart))) {
                continue;
            }
            if (!answer.startsWith("STAT ", lineStart) || end - lineStart < 5) {
                errors[0]++;
                continue;
            }
            int nameStart = lineStart + 5;
            int space = answer.indexOf(' ', nameStart);
            if (space < 0 || space >= end || space == nameStart || space == end - 1) {
                errors[0]++; // no name, or a name with no value
                continue;
            }
            if (!validName(answer, nameStart, space)) {
                errors[0]++;
                continue;
            }
            sink.accept(answer, nameStart, space, answer.substring(space + 1, end));
        }
    }

    /**
     * Stat names repeat every scrape (a few hundred distinct ones, ~1,400 lines with 28 slab classes): the names
     * seen are kept in a small table indexed by hash, so a known name costs a comparison instead of a new String
     * (whose hash the maps would compute again). Slots are overwritten on collision; a racy write only loses a
     * cached entry, since Strings are immutable.
     */
    private static final String[] NAMES = new String[2048];

    static String name(String line, int from, int to) {
        int hash = 0;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + line.charAt(i);
        }
        int slot = (hash ^ (hash >>> 11)) & (NAMES.length - 1);
        String known = NAMES[slot];
        int length = to - from;
        if (known != null && known.length() == length && line.regionMatches(from, known, 0, length)) {
            return known;
        }
        String name = line.substring(from, to);
        NAMES[slot] = name;
        return name;
    }

    private static boolean validName(String line, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = line.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == ':' || c == '.' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
