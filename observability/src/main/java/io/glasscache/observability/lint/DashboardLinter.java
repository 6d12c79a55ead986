package io.glasscache.observability.lint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a dashboard's JSON after the rules of Grafana's dashboard linter (grafana/dashboard-linter) and a few of
 * GlassCache's own. Each rule has a name, reported with every problem:
 * <ul>
 *   <li>{@code template-datasource}: a {@code datasource} variable of type prometheus; every panel and target reads
 *       {@code ${datasource}} (no fixed data source uid)</li>
 *   <li>{@code template-job}, {@code template-instance}: {@code job} and {@code instance} query variables on the
 *       data source variable, refreshed on time range change</li>
 *   <li>{@code template-undefined}: every {@code $variable} used is defined (or one of Grafana's {@code $__...})</li>
 *   <li>{@code panel-title-description}: every panel and row has a title; every panel a description</li>
 *   <li>{@code panel-units}: every panel with data has a known unit</li>
 *   <li>{@code panel-no-targets}: every panel but text has targets; each has an expression</li>
 *   <li>{@code target-rate-interval}: {@code rate}, {@code irate} and {@code increase} take
 *       {@code $__rate_interval}</li>
 *   <li>{@code target-counter-agg}: counters ({@code _total}, histogram {@code _bucket}/{@code _count}/{@code _sum})
 *       are read only under {@code rate}, {@code irate} or {@code increase}</li>
 *   <li>{@code target-job}, {@code target-instance}: every selector matches {@code job} and {@code instance} with a
 *       variable, except a recorded series whose level ({@code level:metric:ops}) has no instance</li>
 *   <li>{@code panel-ids}, {@code target-refids}: unique panel ids; unique refIds within a panel</li>
 *   <li>{@code panel-gridpos}: width 1..24, x + width within 24 columns, height >= 1, no two panels overlap</li>
 * </ul>
 * That every expression is valid PromQL is checked by promtool, not here.
 */
public final class DashboardLinter {

    /** Grafana unit ids GlassCache's dashboards may use (a unit outside the list is probably a typo). */
    public static final Set<String> UNITS = Set.of("none", "short", "percent", "percentunit", "s", "ms", "µs", "ns",
            "dtdurations", "reqps", "ops", "rps", "wps", "cps", "bytes", "decbytes", "bits", "Bps", "binBps",
            "bps", "dateTimeFromNow", "bool", "bool_on_off");
    private static final Set<String> RATE_FUNCTIONS = Set.of("rate", "irate", "increase");
    private static final Pattern COUNTER = Pattern.compile(".*(_total|_bucket|_count|_sum)");
    private static final int COLUMNS = 24;

    private final List<Problem> problems = new ArrayList<>();
    private String dashboard;

    /** Every problem of {@code dashboard}; empty when it passes. */
    public static List<Problem> lint(JsonNode dashboard) {
        DashboardLinter linter = new DashboardLinter();
        linter.check(dashboard);
        return linter.problems;
    }

    private void problem(String rule, String location, String message) {
        problems.add(new Problem(rule, dashboard + (location.isEmpty() ? "" : " / " + location), message));
    }

    private void check(JsonNode d) {
        dashboard = d.path("uid").asText("(no uid)");
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        for (JsonNode v : d.path("templating").path("list")) {
            variables.put(v.path("name").asText(), v);
        }
        checkVariables(variables);

        List<JsonNode> topLevel = new ArrayList<>();
        List<List<JsonNode>> collapsed = new ArrayList<>();
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode p : d.path("panels")) {
            topLevel.add(p);
            all.add(p);
            if ("row".equals(p.path("type").asText()) && p.path("collapsed").asBoolean()) {
                List<JsonNode> inside = new ArrayList<>();
                p.path("panels").forEach(inside::add);
                collapsed.add(inside);
                all.addAll(inside);
            }
        }
        checkIds(all);
        checkLayout(topLevel, "");
        for (List<JsonNode> row : collapsed) {
            checkLayout(row, "collapsed row ");
        }
        Set<String> used = new HashSet<>();
        for (JsonNode link : d.path("links")) {
            used.addAll(PromQl.variables(link.path("url").asText()));
        }
        for (JsonNode panel : all) {
            checkPanel(panel, used);
        }
        for (JsonNode v : variables.values()) {
            used.addAll(PromQl.variables(v.path("query").asText()));
        }
        for (String name : used) {
            if (!name.startsWith("__") && !variables.containsKey(name)) {
                problem("template-undefined", "", "$" + name + " is used but no variable defines it");
            }
        }
    }

    private void checkVariables(Map<String, JsonNode> variables) {
        JsonNode ds = variables.get("datasource");
        if (ds == null || !"datasource".equals(ds.path("type").asText())
                || !"prometheus".equals(ds.path("query").asText())) {
            problem("template-datasource", "variables", "needs a variable 'datasource' of type datasource, query"
                    + " prometheus");
        }
        for (String name : List.of("job", "instance")) {
            JsonNode v = variables.get(name);
            String rule = "template-" + name;
            if (v == null) {
                problem(rule, "variables", "needs a '" + name + "' variable");
                continue;
            }
            if (!"query".equals(v.path("type").asText())) {
                problem(rule, "variable " + name, "must be a query variable");
            }
            if (!"${datasource}".equals(v.path("datasource").path("uid").asText())) {
                problem(rule, "variable " + name, "must query the ${datasource} data source");
            }
            if (!v.path("query").asText().startsWith("label_values(")) {
                problem(rule, "variable " + name, "must be filled by label_values(...)");
            }
            if (v.path("refresh").asInt() != 2) {
                problem(rule, "variable " + name, "must refresh on time range change (refresh: 2)");
            }
        }
        for (JsonNode v : variables.values()) {
            if ("query".equals(v.path("type").asText())
                    && !"${datasource}".equals(v.path("datasource").path("uid").asText())) {
                problem("template-datasource", "variable " + v.path("name").asText(),
                        "must query the ${datasource} data source");
            }
        }
    }

    private void checkIds(List<JsonNode> panels) {
        Set<Integer> ids = new HashSet<>();
        for (JsonNode p : panels) {
            if (!p.path("id").isInt()) {
                problem("panel-ids", where(p), "has no numeric id");
            } else if (!ids.add(p.path("id").asInt())) {
                problem("panel-ids", where(p), "id " + p.path("id").asInt() + " is used twice");
            }
        }
    }

    private void checkLayout(List<JsonNode> panels, String scope) {
        List<int[]> boxes = new ArrayList<>();
        List<JsonNode> placed = new ArrayList<>();
        for (JsonNode p : panels) {
            JsonNode g = p.path("gridPos");
            if (!g.isObject()) {
                problem("panel-gridpos", where(p), scope + "panel has no gridPos");
                continue;
            }
            int x = g.path("x").asInt();
            int y = g.path("y").asInt();
            int w = g.path("w").asInt();
            int h = g.path("h").asInt();
            if (w < 1 || w > COLUMNS) {
                problem("panel-gridpos", where(p), "width " + w + " is outside 1.." + COLUMNS + " columns");
            }
            if (x < 0 || x + w > COLUMNS) {
                problem("panel-gridpos", where(p), "x " + x + " + width " + w + " passes the grid's " + COLUMNS
                        + " columns");
            }
            if (h < 1 || y < 0) {
                problem("panel-gridpos", where(p), "height " + h + " / y " + y + " out of range");
            }
            int[] box = {x, y, w, h};
            for (int i = 0; i < boxes.size(); i++) {
                int[] o = boxes.get(i);
                if (x < o[0] + o[2] && o[0] < x + w && y < o[1] + o[3] && o[1] < y + h) {
                    problem("panel-gridpos", where(p), scope + "overlaps " + where(placed.get(i)));
                }
            }
            boxes.add(box);
            placed.add(p);
        }
    }

    private static String where(JsonNode p) {
        return "panel '" + p.path("title").asText() + "' (id " + p.path("id").asText() + ")";
    }

    private void checkPanel(JsonNode p, Set<String> usedVariables) {
        String type = p.path("type").asText();
        if (p.path("title").asText().isBlank()) {
            problem("panel-title-description", where(p), "has no title");
        }
        usedVariables.addAll(PromQl.variables(p.path("title").asText()));
        if ("row".equals(type)) {
            return;
        }
        if (p.path("description").asText().isBlank()) {
            problem("panel-title-description", where(p), "has no description");
        }
        if ("text".equals(type)) {
            return;
        }
        String unit = p.path("fieldConfig").path("defaults").path("unit").asText();
        if (unit.isEmpty()) {
            problem("panel-units", where(p), "has no unit");
        } else if (!UNITS.contains(unit) && !unit.startsWith("suffix:")) {
            problem("panel-units", where(p), "unit '" + unit + "' is not a known Grafana unit");
        }
        if (!"${datasource}".equals(p.path("datasource").path("uid").asText())) {
            problem("template-datasource", where(p), "must read the ${datasource} data source, not "
                    + p.path("datasource"));
        }
        JsonNode targets = p.path("targets");
        if (!targets.isArray() || targets.isEmpty()) {
            problem("panel-no-targets", where(p), "has no targets");
            return;
        }
        Set<String> refIds = new HashSet<>();
        for (JsonNode target : targets) {
            String refId = target.path("refId").asText();
            String at = where(p) + " target " + refId;
            if (refId.isEmpty() || !refIds.add(refId)) {
                problem("target-refids", at, "refId is missing or used twice in the panel");
            }
            if (target.has("datasource") && !"${datasource}".equals(target.path("datasource").path("uid").asText())) {
                problem("template-datasource", at, "must read the ${datasource} data source");
            }
            String expr = target.path("expr").asText();
            if (expr.isBlank()) {
                problem("panel-no-targets", at, "has no expression");
                continue;
            }
            usedVariables.addAll(PromQl.variables(expr));
            usedVariables.addAll(PromQl.variables(target.path("legendFormat").asText()));
            checkExpression(at, expr);
        }
    }

    private void checkExpression(String at, String expr) {
        List<PromQl.Selector> selectors;
        try {
            selectors = PromQl.selectors(expr);
        } catch (RuntimeException e) {
            problem("target-promql", at, "cannot read the expression: " + e.getMessage());
            return;
        }
        for (PromQl.Selector s : selectors) {
            String name = s.metric() != null ? s.metric() : s.matcherValue("__name__");
            boolean underRate = s.function() != null && RATE_FUNCTIONS.contains(s.function());
            if (underRate && !"$__rate_interval".equals(s.range())) {
                problem("target-rate-interval", at, s.function() + "(" + name + "[" + s.range() + "]) must use"
                        + " [$__rate_interval]");
            }
            boolean counter = name != null && List.of(name.split("\\|")).stream()
                    .anyMatch(n -> !n.contains(":") && COUNTER.matcher(n).matches());
            if (counter && !underRate) {
                problem("target-counter-agg", at, "counter " + name + " must be read through rate() or increase()");
            }
            boolean recorded = s.metric() != null && s.metric().contains(":");
            if (!variableMatcher(s, "job")) {
                problem("target-job", at, "selector " + name + " needs job=~\"$<variable>\"");
            }
            boolean levelHasInstance = !recorded || List.of(s.metric().substring(0, s.metric().indexOf(':'))
                    .split("_")).contains("instance");
            if (levelHasInstance && !variableMatcher(s, "instance")) {
                problem("target-instance", at, "selector " + name + " needs instance=~\"$<variable>\"");
            }
        }
    }

    private static boolean variableMatcher(PromQl.Selector s, String label) {
        String value = s.matcherValue(label);
        return value != null && !PromQl.variables(value).isEmpty();
    }
}
