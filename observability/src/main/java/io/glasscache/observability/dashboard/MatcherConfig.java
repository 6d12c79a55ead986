package io.glasscache.observability.dashboard;

/**
 * A field matcher: {@code id} is Grafana's matcher ({@code byName}, {@code byRegexp}, {@code byFrameRefID}...),
 * {@code options} its argument.
 */
public record MatcherConfig(String id, Object options) {

    public static MatcherConfig byName(String name) {
        return new MatcherConfig("byName", name);
    }

    public static MatcherConfig byRegexp(String regex) {
        return new MatcherConfig("byRegexp", regex);
    }

    public static MatcherConfig byQuery(String refId) {
        return new MatcherConfig("byFrameRefID", refId);
    }
}
