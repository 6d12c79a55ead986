package io.glasscache.reliability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Samples of a Prometheus text exposition (what /actuator/prometheus and the exporter write), to sum and filter. */
final class Exposition {

    /** One sample line: its name, labels and value. */
    record Sample(String name, Map<String, String> labels, double value) {
        String label(String name) {
            return labels.getOrDefault(name, "");
        }
    }

    private final List<Sample> samples;

    private Exposition(List<Sample> samples) {
        this.samples = samples;
    }

    static Exposition parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = brace < 0 ? line.indexOf(' ') : line.indexOf(' ', line.lastIndexOf('}'));
            String name = line.substring(0, brace < 0 ? space : brace);
            Map<String, String> labels = brace < 0 ? Map.of() : labels(line.substring(brace + 1,
                    line.lastIndexOf('}')));
            String[] rest = line.substring(space + 1).trim().split(" ");
            samples.add(new Sample(name, labels, value(rest[0])));
        }
        return new Exposition(samples);
    }

    private static double value(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** The sum of {@code name}'s samples whose labels pass {@code filter} (0 when there is none). */
    double sum(String name, Predicate<Sample> filter) {
        return samples.stream().filter(s -> s.name().equals(name) && filter.test(s)).mapToDouble(Sample::value)
                .sum();
    }

    double sum(String name) {
        return sum(name, s -> true);
    }

    /** {@code name}'s sum per value of {@code label}. */
    Map<String, Double> sumBy(String name, String label) {
        Map<String, Double> sums = new LinkedHashMap<>();
        samples.stream().filter(s -> s.name().equals(name))
                .forEach(s -> sums.merge(s.label(label), s.value(), Double::sum));
        return sums;
    }

    List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            int eq = text.indexOf('=', i);
            String key = text.substring(i, eq).trim();
            StringBuilder value = new StringBuilder();
            int j = eq + 2; // past ="
            while (text.charAt(j) != '"') {
                char c = text.charAt(j);
                if (c == '\\') {
                    char next = text.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
                j++;
            }
            labels.put(key, value.toString());
            i = j + 1;
            while (i < text.length() && (text.charAt(i) == ',' || text.charAt(i) == ' ')) {
                i++;
            }
        }
        return labels;
    }
}
