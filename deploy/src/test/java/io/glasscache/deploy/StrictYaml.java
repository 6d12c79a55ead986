package io.glasscache.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * YAML as the checks read it: plain data only (no tags that build objects), and a key given twice in one mapping is
 * an error, not "the last one wins" (what a YAML 1.1 parser does by default, and how a typo hides a setting).
 */
final class StrictYaml {

    private StrictYaml() {
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        return new Yaml(new SafeConstructor(options));
    }

    /** One document, which must be a mapping. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(String text) {
        Object document = yaml().load(text);
        if (!(document instanceof Map)) {
            throw new IllegalArgumentException("expected a YAML mapping, got " + describe(document));
        }
        return (Map<String, Object>) document;
    }

    /** Every document of a stream, empty ones (a lone {@code ---}) left out. */
    static List<Object> all(String text) {
        List<Object> documents = new ArrayList<>();
        for (Object document : yaml().loadAll(text)) {
            if (document != null) {
                documents.add(document);
            }
        }
        return documents;
    }

    static String describe(Object value) {
        return value == null ? "nothing" : value.getClass().getSimpleName();
    }
}
