package io.glasscache.observability.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Writes a dashboard as Grafana saves one: two-space indented JSON, {@code "key": value}, a final newline. */
public final class DashboardJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private DashboardJson() {
    }

    public static String write(Dashboard dashboard) {
        try {
            return MAPPER.writer(PRINTER).writeValueAsString(dashboard) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write dashboard " + dashboard.uid, e);
        }
    }
}
