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
        SortedMap<Integer, Map<String, String>> slabClasses = new TreeMap<>();
        Map<String, String> slabTotals = new HashMap<>();
        for (Map.Entry<String, String> e : flat(slabs, errors).entrySet()) {
            String key = e.getKey();
            int colon = key.indexOf(':');
            if (colon < 0) {
                slabTotals.put(key, e.getValue()); // active_slabs, total_malloced
            } else if (!perClass(slabClasses, key.substring(0, colon), key.substring(colon + 1), e.getValue())) {
                errors[0]++;
            }
        }
        SortedMap<Integer, Map<String, String>> itemClasses = new TreeMap<>();
        for (Map.Entry<String, String> e : flat(items, errors).entrySet()) {
            String key = e.getKey();
            String[] parts = key.split(":", 3);
            if (parts.length != 3 || !parts[0].equals("items")
                    || !perClass(itemClasses, parts[1], parts[2], e.getValue())) {
                errors[0]++;
            }
        }
        return new MemcachedStats(Collections.unmodifiableMap(general), Collections.unmodifiableMap(settingsMap),
                Collections.unmodifiableSortedMap(slabClasses), Collections.unmodifiableMap(slabTotals),
                Collections.unmodifiableSortedMap(itemClasses), errors[0]);
    }

    private static boolean perClass(SortedMap<Integer, Map<String, String>> classes, String id, String name,
                                    String value) {
        int slabClass = slabClass(id);
        if (slabClass < 0 || name.isEmpty()) {
            return false;
        }
        classes.computeIfAbsent(slabClass, k -> new HashMap<>()).put(name, value);
        return true;
    }

    private static int slabClass(String id) {
        if (id.isEmpty() || id.length() > 4) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
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
        if (answer == null) {
            return out;
        }
        int start = 0;
        int length = answer.length();
        while (start < length) {
            int end = answer.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            String line = answer.substring(start, end);
            start = end + 1;
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty() || line.equals("END")) {
                continue;
            }
            if (!line.startsWith("STAT ")) {
                errors[0]++;
                continue;
            }
            int space = line.indexOf(' ', 5);
            if (space <= 5 || space == line.length() - 1) {
                errors[0]++; // no name, or a name with no value
                continue;
            }
            String name = line.substring(5, space);
            if (!validName(name)) {
                errors[0]++;
                continue;
            }
            out.put(name, line.substring(space + 1));
        }
        return out;
    }

    private static boolean validName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == ':' || c == '.' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
