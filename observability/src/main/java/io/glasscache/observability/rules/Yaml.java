package io.glasscache.observability.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * Writes rule and test files as YAML that {@code yamllint --strict} accepts with the repository's settings:
 * no document marker, sequences indented under their key, multi-line expressions as literal blocks, strings quoted
 * only where YAML needs it.
 */
public final class Yaml {

    private static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    private Yaml() {
    }

    /** {@code header} (each line made a comment), then {@code value} as YAML. */
    public static String write(String header, Object value) {
        StringBuilder out = new StringBuilder();
        header.lines().forEach(line -> out.append(line.isEmpty() ? "#" : "# " + line).append('\n'));
        try {
            out.append(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML", e);
        }
        return out.toString();
    }
}
