package io.glasscache.exporter.stats;

import java.util.Map;
import java.util.SortedMap;

/**
 * What one scrape learned from a server, as raw strings: {@code stats}, {@code stats settings}, the per-class
 * {@code stats slabs} and {@code stats items} and the global lines of {@code stats slabs}. Values are converted
 * to numbers only when a family needs them, so a garbled value of a stat nobody exports costs nothing.
 *
 * @param parseErrors lines that were not {@code STAT name value} or whose name did not have the expected shape
 */
public record MemcachedStats(Map<String, String> general, Map<String, String> settings,
                             SortedMap<Integer, Map<String, String>> slabs, Map<String, String> slabsTotals,
                             SortedMap<Integer, Map<String, String>> items, int parseErrors) {

    /**
     * Parses captured answers to {@code stats}, {@code stats settings}, {@code stats slabs} and {@code stats items}
     * (each up to its {@code END}; any may be null). Never throws: what cannot be parsed is counted in
     * {@link #parseErrors()}.
     */
    public static MemcachedStats parse(String stats, String settings, String slabs, String items) {
        return StatsParser.parse(stats, settings, slabs, items);
    }

    /**
     * Parses a stat value as memcached writes it: integers, decimals ({@code 0.123456}), {@code yes/no},
     * {@code on/off}, {@code true/false}; NaN when absent or unparsable. Allocation-free for plain integers, the
     * most common values.
     */
    public static double number(String value) {
        if (value == null || value.isEmpty() || value.length() > 64) {
            return Double.NaN;
        }
        long digits = 0;
        int length = value.length();
        if (length <= 18) { // plain non-negative integers, most stats: no Double.parseDouble
            int i = 0;
            while (i < length) {
                char c = value.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                digits = digits * 10 + (c - '0');
                i++;
            }
            if (i == length) {
                return digits;
            }
        }
        switch (value) {
            case "yes": case "on": case "true":
                return 1;
            case "no": case "off": case "false":
                return 0;
            default:
                break;
        }
        char first = value.charAt(0);
        if (!(first == '-' || first == '+' || first == '.' || (first >= '0' && first <= '9'))) {
            return Double.NaN; // rejects "NaN", "Infinity", hex floats' prefixes and words early
        }
        try {
            double parsed = Double.parseDouble(value);
            return Double.isFinite(parsed) ? parsed : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
