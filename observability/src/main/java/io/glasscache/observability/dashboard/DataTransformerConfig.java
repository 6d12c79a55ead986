package io.glasscache.observability.dashboard;

import java.util.Map;

/** A transformation of a panel's query results, e.g. {@code merge} or {@code organize}. */
public record DataTransformerConfig(String id, Map<String, Object> options) {
}
