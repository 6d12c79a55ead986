package io.glasscache.exporter.http;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.glasscache.exporter.tls.Pem;

/**
 * Reads a web configuration file of the Prometheus exporter toolkit's format (YAML) strictly: a key the format does
 * not have, a duplicate key, a value of the wrong type, a file that cannot be read or a password that is no bcrypt
 * hash fails, with a message naming the key. Keys of the format this exporter cannot honour fail the same way
 * rather than being ignored. Relative file names are resolved against the configuration file's directory, as the
 * toolkit does.
 */
final class WebConfigReader {

    /**
     * The YAML module's parser, without an ObjectMapper: building one cost ~0.2 s of start-up with C1 only, and the
     * few nodes of a web configuration are made from the tokens directly ({@link #tree}).
     */
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final List<String> TOP = List.of("tls_server_config", "http_server_config", "basic_auth_users");
    private static final List<String> TLS = List.of("cert", "key", "client_ca", "cert_file", "key_file",
            "client_auth_type", "client_ca_file", "min_version", "max_version", "cipher_suites",
            "prefer_server_cipher_suites");
    private static final List<String> HTTP = List.of("http2", "headers");
    private static final List<String> HEADERS = List.of("Content-Security-Policy", "X-Frame-Options",
            "X-Content-Type-Options", "X-XSS-Protection", "Strict-Transport-Security");
    /** Keys of the format that this exporter does not implement, and why. */
    private static final Map<String, String> UNSUPPORTED = Map.of(
            "rate_limit", "rate limiting is not implemented; --web.max-requests bounds concurrent scrapes",
            "tls_server_config.client_allowed_sans", "client certificate SAN matching is not implemented",
            "tls_server_config.curve_preferences", "Java 17 cannot set the curves per server");
    private static final Map<String, String> VERSIONS = Map.of("TLS10", "TLSv1", "TLS11", "TLSv1.1",
            "TLS12", "TLSv1.2", "TLS13", "TLSv1.3");
    private static final List<String> VERSION_ORDER = List.of("TLS10", "TLS11", "TLS12", "TLS13");
    /** $2a$, $2b$, $2x$, $2y$ or $2$, a two-digit cost, then 22 characters of salt and 31 of hash. */
    private static final Pattern BCRYPT = Pattern.compile("\\$2[abxy]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");

    private final Path directory;

    private WebConfigReader(Path directory) {
        this.directory = directory;
    }

    static WebConfig read(Path file) throws WebConfigException {
        JsonNode root;
        try (JsonParser parser = YAML.createParser(file.toFile())) {
            root = parser.nextToken() == null ? null : tree(parser);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new WebConfigException(file + (at == null ? "" : ", line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new WebConfigException(file + ": cannot read it: " + e.getMessage(), e);
        }
        try {
            return new WebConfigReader(file.toAbsolutePath().getParent()).config(root);
        } catch (IllegalArgumentException e) {
            throw new WebConfigException(file + ": " + e.getMessage(), e);
        }
    }

    /** The value at the parser's current token, with everything inside it. */
    private static JsonNode tree(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                ObjectNode node = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    node.set(name, tree(parser));
                }
                return node;
            }
            case START_ARRAY: {
                ArrayNode node = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    node.add(tree(parser));
                }
                return node;
            }
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            case VALUE_NULL:
                return NODES.nullNode();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDecimalValue());
            default:
                throw new JsonParseException(parser, "unexpected " + token);
        }
    }

    private WebConfig config(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            return WebConfig.NONE; // an empty file: plain HTTP, no authentication, as the toolkit does
        }
        check(root, "", TOP);
        return new WebConfig(tls(root.get("tls_server_config")), users(root.get("basic_auth_users")),
                http(root.get("http_server_config")));
    }

    /** The TLS settings, or null when none of certificate, key and client authentication is set. */
    private WebConfig.Tls tls(JsonNode node) {
        if (!present(node)) {
            return null;
        }
        check(node, "tls_server_config.", TLS);
        String[] cert = pem(node, "cert");
        String[] key = pem(node, "key");
        String[] clientCa = pem(node, "client_ca");
        String authName = text(node, "client_auth_type");
        if (cert == null && key == null && clientCa == null && authName == null) {
            return null; // the toolkit, too, serves plain HTTP then (min_version and the like alone do nothing)
        }
        if (cert == null || key == null) {
            throw new IllegalArgumentException("tls_server_config: missing " + (cert == null ? "cert_file" : "key_file")
                    + " (or inline " + (cert == null ? "cert" : "key") + ")");
        }
        WebConfig.ClientAuth clientAuth = clientAuth(authName);
        if (clientCa != null && clientAuth == WebConfig.ClientAuth.NO_CLIENT_CERT) {
            throw new IllegalArgumentException("tls_server_config: client_ca_file is set but client_auth_type is "
                    + "NoClientCert; set client_auth_type: RequireAndVerifyClientCert");
        }
        return new WebConfig.Tls(cert[0], cert[1], key[0], key[1], clientCa == null ? null : clientCa[0],
                clientCa == null ? null : clientCa[1], clientAuth, protocols(node), strings(node, "cipher_suites"),
                bool(node, "prefer_server_cipher_suites", true));
    }

    /** {PEM text, source} from the inline key or the {@code _file} key, or null when neither is set. */
    private String[] pem(JsonNode tls, String name) {
        String inline = text(tls, name);
        String file = text(tls, name + "_file");
        if (inline != null && file != null) {
            throw new IllegalArgumentException("tls_server_config: give " + name + " or " + name + "_file, not both");
        }
        if (inline != null) {
            return new String[] {inline, "tls_server_config." + name};
        }
        if (file == null) {
            return null;
        }
        Path path = directory.resolve(file);
        return new String[] {Pem.read(path), path.toString()};
    }

    private static WebConfig.ClientAuth clientAuth(String name) {
        if (name == null || name.isEmpty()) {
            return WebConfig.ClientAuth.NO_CLIENT_CERT;
        }
        for (WebConfig.ClientAuth auth : WebConfig.ClientAuth.values()) {
            if (auth.configName.equals(name)) {
                return auth;
            }
        }
        if (List.of("RequestClientCert", "RequireAnyClientCert", "RequireClientCert").contains(name)) {
            throw new IllegalArgumentException("tls_server_config.client_auth_type " + name + " is not supported: it "
                    + "does not verify the client certificate; use RequireAndVerifyClientCert");
        }
        throw new IllegalArgumentException("tls_server_config.client_auth_type: unknown '" + name + "', expected "
                + "NoClientCert, VerifyClientCertIfGiven or RequireAndVerifyClientCert");
    }

    private static List<String> protocols(JsonNode tls) {
        String min = version(tls, "min_version", "TLS12");
        String max = version(tls, "max_version", "TLS13");
        int from = VERSION_ORDER.indexOf(min);
        int to = VERSION_ORDER.indexOf(max);
        if (from > to) {
            throw new IllegalArgumentException("tls_server_config: min_version " + min + " is above max_version " + max);
        }
        List<String> protocols = new ArrayList<>();
        for (String version : VERSION_ORDER.subList(from, to + 1)) {
            protocols.add(VERSIONS.get(version));
        }
        return protocols;
    }

    private static String version(JsonNode tls, String name, String fallback) {
        String version = text(tls, name);
        if (version == null || version.isEmpty()) {
            return fallback;
        }
        if (!VERSIONS.containsKey(version)) {
            throw new IllegalArgumentException("tls_server_config." + name + ": unknown '" + version
                    + "', expected one of " + VERSION_ORDER);
        }
        return version;
    }

    private static Map<String, String> users(JsonNode node) {
        Map<String, String> users = new LinkedHashMap<>();
        if (!present(node)) {
            return users;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("basic_auth_users: expected a map of user name to bcrypt hash");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> user = it.next();
            String hash = user.getValue().isTextual() ? user.getValue().asText() : "";
            if (!BCRYPT.matcher(hash).matches()) {
                throw new IllegalArgumentException("basic_auth_users: the password of user '" + user.getKey()
                        + "' is not a bcrypt hash (like $2y$10$ followed by 53 characters; make one with "
                        + "'htpasswd -nBC 10 \"\" | tr -d :')");
            }
            users.put(user.getKey(), hash);
        }
        return users;
    }

    private static Map<String, String> http(JsonNode node) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!present(node)) {
            return headers;
        }
        check(node, "http_server_config.", HTTP);
        bool(node, "http2", true); // checked; HTTP/2 is not served either way: the JDK's server speaks HTTP/1.1
        JsonNode configured = node.get("headers");
        if (present(configured)) {
            check(configured, "http_server_config.headers.", HEADERS);
            for (String name : HEADERS) {
                String value = text(configured, name);
                if (value != null && !value.isEmpty()) {
                    headers.put(name, header(name, value));
                }
            }
        }
        return headers;
    }

    private static String header(String name, String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (name.equals("X-Frame-Options") && !lower.equals("deny") && !lower.equals("sameorigin")) {
            throw new IllegalArgumentException("http_server_config.headers.X-Frame-Options: expected deny or "
                    + "sameorigin, got '" + value + "'");
        }
        if (name.equals("X-Content-Type-Options") && !lower.equals("nosniff")) {
            throw new IllegalArgumentException("http_server_config.headers.X-Content-Type-Options: expected nosniff, "
                    + "got '" + value + "'");
        }
        return value;
    }

    /** The node is a map whose every key is known; a key of the format this exporter cannot honour says so. */
    private static void check(JsonNode node, String prefix, List<String> known) {
        String where = prefix.isEmpty() ? "the file" : prefix.substring(0, prefix.length() - 1);
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": expected a map of keys, got " + node.getNodeType()
                    .toString().toLowerCase(Locale.ROOT));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String key = prefix + names.next();
            if (UNSUPPORTED.containsKey(key)) {
                throw new IllegalArgumentException(key + " is not supported by cache-exporter: "
                        + UNSUPPORTED.get(key));
            }
            if (!known.contains(key.substring(prefix.length()))) {
                throw new IllegalArgumentException("unknown key '" + key + "' (known in " + where + ": "
                        + String.join(", ", known) + ")");
            }
        }
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private static String text(JsonNode parent, String name) {
        JsonNode node = parent.get(name);
        if (!present(node)) {
            return null;
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException(name + ": expected a string, got " + node.asText());
        }
        return node.asText();
    }

    private static boolean bool(JsonNode parent, String name, boolean fallback) {
        JsonNode node = parent.get(name);
        if (!present(node)) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw new IllegalArgumentException(name + ": expected true or false, got " + node.asText());
        }
        return node.asBoolean();
    }

    private static List<String> strings(JsonNode parent, String name) {
        JsonNode node = parent.get(name);
        List<String> values = new ArrayList<>();
        if (!present(node)) {
            return values;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(name + ": expected a list of strings");
        }
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw new IllegalArgumentException(name + ": expected a list of strings, got " + element.asText());
            }
            values.add(element.asText());
        }
        return values;
    }
}
