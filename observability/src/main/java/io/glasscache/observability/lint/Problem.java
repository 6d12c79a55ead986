package io.glasscache.observability.lint;

/**
 * A lint finding.
 *
 * @param rule     the rule that found it (e.g. {@code target-rate-interval})
 * @param location where: dashboard, panel title and id, target refId
 * @param message  what is wrong
 */
public record Problem(String rule, String location, String message) {

    @Override
    public String toString() {
        return "[" + rule + "] " + location + ": " + message;
    }
}
