package io.glasscache.observability.mixin;

import java.util.ArrayList;
import java.util.List;

/**
 * The label matchers every selector of one source carries: its job (and, on dashboards, instance) plus the
 * configured extra selectors. {@link #of} writes a selector with more matchers appended.
 */
record Scope(List<String> matchers) {

    Scope {
        matchers = List.copyOf(matchers);
    }

    /** The scope of a job in rules: {@code job=~"<job>"} and the extra selectors. */
    static Scope job(String job, List<String> selectors) {
        List<String> m = new ArrayList<>();
        m.add("job=~\"" + job + "\"");
        m.addAll(selectors);
        return new Scope(m);
    }

    /** The scope of a dashboard: job and instance from its variables, and the extra selectors. */
    static Scope variables(String jobVariable, String instanceVariable, List<String> selectors) {
        List<String> m = new ArrayList<>();
        m.add("job=~\"$" + jobVariable + "\"");
        m.add("instance=~\"$" + instanceVariable + "\"");
        m.addAll(selectors);
        return new Scope(m);
    }

    /** {@code metric{scope..., extra...}}. */
    String of(String metric, String... extra) {
        List<String> all = new ArrayList<>(matchers);
        all.addAll(List.of(extra));
        return metric + "{" + String.join(", ", all) + "}";
    }

    /** This scope with more matchers. */
    Scope and(String... extra) {
        List<String> all = new ArrayList<>(matchers);
        all.addAll(List.of(extra));
        return new Scope(all);
    }
}
