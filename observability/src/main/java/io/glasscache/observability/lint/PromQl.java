package io.glasscache.observability.lint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of PromQL's syntax for the dashboard linter: the vector selectors of an expression, with their label
 * matchers, range and the function whose argument they are. Not a validator (promtool is): it assumes the text
 * parses.
 */
public final class PromQl {

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "atan2");
    /** Aggregation operators: they may take {@code by (...)} before their argument. */
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile");
    /** Keywords followed by a parenthesised list of label names, not an expression. */
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?}|\\[\\[([A-Za-z_][A-Za-z0-9_]*)]]|\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern MATCHER = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*");

    private PromQl() {
    }

    /** A label matcher of a selector. */
    public record LabelMatcher(String name, String op, String value) {
    }

    /**
     * A vector selector.
     *
     * @param metric   the metric name ({@code null} for {@code {__name__=~"..."}} selectors)
     * @param matchers its label matchers
     * @param range    the range of a range selector ({@code $__rate_interval}, {@code 5m}), else null
     * @param function the function it is a direct argument of ({@code rate}, {@code sum}...), else null
     */
    public record Selector(String metric, List<LabelMatcher> matchers, String range, String function) {

        public boolean hasMatcher(String label) {
            return matchers.stream().anyMatch(m -> m.name().equals(label));
        }

        public String matcherValue(String label) {
            return matchers.stream().filter(m -> m.name().equals(label)).map(LabelMatcher::value).findFirst()
                    .orElse(null);
        }
    }

    /** Every {@code $var}, {@code ${var}}, {@code ${var:format}} and {@code [[var]]} in a text. */
    public static Set<String> variables(String text) {
        Set<String> names = new LinkedHashSet<>();
        if (text == null) {
            return names;
        }
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        }
        return names;
    }

    /** The vector selectors of {@code expr}, in order. */
    public static List<Selector> selectors(String expr) {
        List<Selector> selectors = new ArrayList<>();
        // Open parentheses: the function name before each (null for grouping), or "#labels" for a label list.
        Deque<String> calls = new ArrayDeque<>();
        int i = 0;
        int n = expr.length();
        String lastWord = null;
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
                lastWord = null;
            } else if (c == '#') {
                while (i < n && expr.charAt(i) != '\n') {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_'
                        || expr.charAt(i) == ':')) {
                    i++;
                }
                String word = expr.substring(start, i);
                int next = skipSpace(expr, i);
                boolean call = next < n && expr.charAt(next) == '(';
                if (KEYWORDS.contains(word) || AGGREGATIONS.contains(word) || call) {
                    lastWord = word;
                    continue;
                }
                if ("#labels".equals(calls.peek()) || isNumberish(expr, start)) {
                    lastWord = null;
                    continue;
                }
                List<LabelMatcher> matchers = List.of();
                int after = next;
                if (after < n && expr.charAt(after) == '{') {
                    int close = matching(expr, after, '{', '}');
                    matchers = matchers(expr.substring(after + 1, close));
                    i = close + 1;
                }
                selectors.add(selector(word, matchers, expr, i, calls));
                i = rangeEnd(expr, i);
                lastWord = null;
            } else if (c == '{') {
                int close = matching(expr, i, '{', '}');
                List<LabelMatcher> matchers = matchers(expr.substring(i + 1, close));
                i = close + 1;
                selectors.add(selector(null, matchers, expr, i, calls));
                i = rangeEnd(expr, i);
                lastWord = null;
            } else if (c == '(') {
                calls.push(lastWord == null ? "" : LABEL_LISTS.contains(lastWord) ? "#labels" : lastWord);
                lastWord = null;
                i++;
            } else if (c == ')') {
                if (!calls.isEmpty()) {
                    calls.pop();
                }
                i++;
            } else if (c == '[') {
                i = expr.indexOf(']', i) + 1; // a subquery's range on an expression
            } else {
                if (!Character.isWhitespace(c)) {
                    lastWord = null;
                }
                i++;
            }
        }
        return selectors;
    }

    private static Selector selector(String metric, List<LabelMatcher> matchers, String expr, int end,
                                     Deque<String> calls) {
        int next = skipSpace(expr, end);
        String range = null;
        if (next < expr.length() && expr.charAt(next) == '[') {
            range = expr.substring(next + 1, expr.indexOf(']', next)).trim();
        }
        String function = calls.isEmpty() || calls.peek().isEmpty() ? null : calls.peek();
        return new Selector(metric, matchers, range, function);
    }

    private static int rangeEnd(String expr, int end) {
        int next = skipSpace(expr, end);
        return next < expr.length() && expr.charAt(next) == '[' ? expr.indexOf(']', next) + 1 : end;
    }

    /** Digits and exponents of a number literal (1e3) start with a digit; a word after a digit is not a metric. */
    private static boolean isNumberish(String expr, int start) {
        return start > 0 && Character.isDigit(expr.charAt(start - 1));
    }

    private static List<LabelMatcher> matchers(String body) {
        List<LabelMatcher> matchers = new ArrayList<>();
        Matcher m = MATCHER.matcher(body);
        int at = 0;
        while (at < body.length()) {
            if (!m.find(at) || m.start() != at) {
                break;
            }
            matchers.add(new LabelMatcher(m.group(1), m.group(2), m.group(3)));
            at = m.end();
            if (at < body.length() && body.charAt(at) == ',') {
                at++;
            }
        }
        return matchers;
    }

    private static int skipString(String expr, int i) {
        char quote = expr.charAt(i);
        i++;
        while (i < expr.length() && expr.charAt(i) != quote) {
            if (expr.charAt(i) == '\\' && quote != '`') {
                i++;
            }
            i++;
        }
        return i + 1;
    }

    private static int skipSpace(String expr, int i) {
        while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int matching(String expr, int open, char o, char c) {
        int depth = 0;
        for (int i = open; i < expr.length(); i++) {
            char ch = expr.charAt(i);
            if (ch == '"' || ch == '\'' || ch == '`') {
                i = skipString(expr, i) - 1;
            } else if (ch == o) {
                depth++;
            } else if (ch == c && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced '" + o + "' in: " + expr);
    }
}
