package io.glasscache.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random and malformed HTTP/1.1 requests for one listener, from a seed: mostly its own routes with random
 * parameters (random ids, unicode, percent-encoded bytes, huge values), wrong methods, random paths, random and huge
 * headers, malformed JSON bodies, and a share broken at the protocol level (bad versions, bare LF, NUL bytes,
 * lengths that lie, bad chunks, truncation). Each request says what it is, so that an outcome can be judged.
 */
final class RequestFuzzer {

    enum Listener {
        DEMO_API(Map.of("/api/v1/recommendations", List.of("GET", "HEAD"))),
        MANAGEMENT(Map.of("/admin/chaos/feature-store", List.of("GET", "HEAD", "PUT", "DELETE"),
                "/actuator", List.of("GET", "HEAD"), "/actuator/health", List.of("GET", "HEAD"),
                "/actuator/health/liveness", List.of("GET", "HEAD"), "/actuator/health/readiness",
                List.of("GET", "HEAD"), "/actuator/prometheus", List.of("GET", "HEAD"), "/actuator/info",
                List.of("GET", "HEAD"))),
        EXPORTER(Map.of("/metrics", List.of("GET", "HEAD"), "/scrape", List.of("GET", "HEAD"), "/",
                List.of("GET", "HEAD")));

        /** Its routes and the methods each allows. */
        final Map<String, List<String>> routes;

        Listener(Map<String, List<String>> routes) {
            this.routes = routes;
        }
    }

    /**
     * One request.
     *
     * @param kind        what was fuzzed, for the tables
     * @param bytes       the request as sent
     * @param broken      malformed at the protocol level (or truncated): a close without an answer is fair
     * @param truncated   the client goes away after sending (half-close): no answer is expected
     * @param path        the route it is on (before any path fuzzing), or null for a random path
     * @param wrongMethod a method the route does not allow, in an otherwise well-formed request: 405 is due
     */
    record Fuzzed(String kind, byte[] bytes, boolean broken, boolean truncated, String path, String method,
            boolean wrongMethod) {

        /** The request as text (bytes above 0x7E as \xNN), at most {@code max} characters, for a report. */
        String printable(int max) {
            StringBuilder text = new StringBuilder();
            for (byte b : bytes) {
                int c = b & 0xFF;
                if (text.length() >= max) {
                    text.append("...(").append(bytes.length).append(" bytes)");
                    break;
                }
                text.append(c == '\r' ? "\\r" : c == '\n' ? "\\n" : c < 0x20 || c > 0x7E
                        ? String.format("\\x%02X", c) : String.valueOf((char) c));
            }
            return text.toString();
        }
    }

    /** Methods no route here allows (OPTIONS is left out: any resource may answer it, with Allow). */
    private static final String[] WRONG_METHODS = {"POST", "PUT", "DELETE", "PATCH", "TRACE", "FOO", "PROPFIND",
        "BREW"};
    private static final String[] SCENES = {"home", "video", "destination:1", "destination:1000", "destination:0",
        "destination:1001", "destination:-1", "destination:99999999999999999999", "destination:", "destination:x",
        "shop", "HOME", "home ", "", "destination:1:2", "destination:%31", "vid%00eo"};
    private static final String UNICODE = "üßé€中文日本語한국어🙂🚀ЖЯ\u200B\u202E\uFEFFאب";

    private final SplittableRandom random;
    private final Listener listener;
    private final List<String> targets;

    /** {@code targets}: host:port values a /scrape may name (the allowed ones are mixed with others). */
    RequestFuzzer(Listener listener, long seed, List<String> targets) {
        this.random = new SplittableRandom(seed);
        this.listener = listener;
        this.targets = targets;
    }

    Fuzzed next() {
        List<String> paths = new ArrayList<>(listener.routes.keySet());
        paths.sort(null);
        boolean randomPath = random.nextInt(100) < 15;
        String route = randomPath ? null : paths.get(random.nextInt(paths.size()));
        List<String> allowed = route == null ? List.of("GET") : listener.routes.get(route);
        boolean wrongMethod = route != null && random.nextInt(100) < 15;
        String method = wrongMethod ? WRONG_METHODS[random.nextInt(WRONG_METHODS.length)]
                : allowed.get(random.nextInt(allowed.size()));
        if (wrongMethod && allowed.contains(method)) {
            wrongMethod = false;
        }
        String target = (route == null ? randomPath() : route) + query(route);
        String kind = route == null ? "random path" : wrongMethod ? "wrong method" : "parameters";

        List<String> headers = new ArrayList<>();
        headers.add("Host: " + (random.nextInt(20) == 0 ? junk(random.nextInt(1, 300)) : "127.0.0.1"));
        headers.add("Connection: close");
        kind = headers(headers, kind);
        byte[] body = new byte[0];
        if ("PUT".equals(method) || random.nextInt(25) == 0) {
            body = body();
            kind = "PUT".equals(method) && !wrongMethod ? "json body" : kind;
            headers.add("Content-Type: " + pick("application/json", "application/json", "application/json",
                    "text/plain", "application/json; charset=utf-16", "application/x-www-form-urlencoded",
                    "*/*", junk(20)));
        }
        boolean broken = false;
        boolean truncated = false;
        String version = "HTTP/1.1";
        String eol = "\r\n";
        int mutation = random.nextInt(100);
        if (mutation < 12) {
            broken = true;
            kind = "protocol";
            switch (random.nextInt(9)) {
                case 0 -> version = pick("HTTP/9.9", "HTTP/1", "HTTP/1.1.1", "HTTPS/1.1", "http/1.1", "HTTP/2.0",
                        "");
                case 1 -> eol = "\n";
                case 2 -> method = method + " " + junk(5);
                case 3 -> {
                    headers.add("Content-Length: " + pick("-1", "abc", "99999999999999999999", "1, 2", " 5"));
                    truncated = true; // a length that may be read as more than is sent: the client then goes away
                }
                case 4 -> {
                    headers.add("Transfer-Encoding: chunked");
                    body = pick("ZZ\r\nabc\r\n0\r\n\r\n", "5\r\nab\r\n0\r\n\r\n", "-1\r\n\r\n",
                            "ffffffffffffffffff\r\n", "0\r\nX-Trailer: " + junk(10) + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1);
                }
                case 5 -> {
                    headers.add("Transfer-Encoding: chunked");
                    headers.add("Content-Length: 3"); // both: a smuggling attempt
                    body = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                }
                case 6 -> headers.add(junk(8) + " " + junk(4) + ": x"); // a name with a space
                case 7 -> headers.add(" folded: " + junk(10)); // obsolete line folding
                default -> headers.add("X-Nul: a\u0000b");
            }
        } else if (mutation < 18) {
            truncated = true;
            broken = true;
            kind = "truncated";
        } else if (mutation < 22) {
            broken = true;
            truncated = true;
            kind = "length lies";
            headers.add("Content-Length: " + (body.length + random.nextInt(1, 100_000)));
        }
        if (!kind.equals("length lies") && !headers.stream().anyMatch(h -> h.startsWith("Content-Length"))
                && !headers.stream().anyMatch(h -> h.startsWith("Transfer-Encoding")) && body.length > 0) {
            headers.add("Content-Length: " + body.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, method + " " + target + (version.isEmpty() ? "" : " " + version) + eol);
        for (String header : headers) {
            write(out, header + eol);
        }
        write(out, eol);
        out.writeBytes(body);
        byte[] bytes = out.toByteArray();
        if (kind.equals("truncated")) {
            bytes = java.util.Arrays.copyOf(bytes, random.nextInt(1, Math.max(2, bytes.length)));
        }
        return new Fuzzed(kind, bytes, broken, truncated, route, method, wrongMethod && kind.equals("wrong method"));
    }

    // --- parts ---------------------------------------------------------------------------------------------------

    private String query(String route) {
        if (route == null) {
            return random.nextBoolean() ? "" : "?" + junkQuery();
        }
        List<String> params = new ArrayList<>();
        switch (route) {
            case "/api/v1/recommendations" -> {
                if (random.nextInt(10) > 0) {
                    params.add("userId=" + userId());
                }
                if (random.nextInt(10) > 0) {
                    params.add("scene=" + encode(SCENES[random.nextInt(SCENES.length)]));
                }
                if (random.nextBoolean()) {
                    params.add("page=" + number());
                }
                if (random.nextBoolean()) {
                    params.add("size=" + number());
                }
            }
            case "/scrape" -> {
                int n = random.nextInt(10) == 0 ? random.nextInt(0, 3) : 1;
                for (int i = 0; i < n; i++) {
                    params.add("target=" + encode(scrapeTarget()));
                }
            }
            case "/metrics" -> {
                if (random.nextInt(4) == 0) {
                    params.add("name[]=" + pick("memcached_up", "memcached_items_current", junk(10)));
                }
                if (random.nextInt(6) == 0) {
                    params.add("debug=" + pick("openmetrics", "text", "prometheus-protobuf", junk(6), ""));
                }
            }
            default -> {
                // no parameters of its own
            }
        }
        if (random.nextInt(8) == 0) {
            params.add(junkQuery());
        }
        java.util.Collections.shuffle(params, new java.util.Random(random.nextLong()));
        return params.isEmpty() ? "" : "?" + String.join("&", params);
    }

    private String userId() {
        return switch (random.nextInt(10)) {
            case 0, 1, 2 -> "u" + random.nextInt(2_000_000);
            case 3 -> encode(unicode(random.nextInt(1, 40)));
            case 4 -> percentBytes(random.nextInt(1, 40)); // any bytes, valid UTF-8 or not
            case 5 -> encode(junk(random.nextInt(100, 200)));
            case 6 -> "u".repeat(random.nextInt(1, 5000));
            case 7 -> pick("", "%20", "%00", "%0A", "u1%0D%0AX-Injected:%201", "%", "%2", "%GG", "+", "u%2B1");
            case 8 -> encode(junk(random.nextInt(1, 129)));
            default -> "cold-" + Long.toHexString(random.nextLong());
        };
    }

    private String scrapeTarget() {
        if (!targets.isEmpty() && random.nextInt(3) == 0) {
            return targets.get(random.nextInt(targets.size()));
        }
        return pick("10.0.0.1:11211", "169.254.169.254:80", "127.0.0.1:22", "localhost:11211", "[::1]:11211",
                "127.0.0.1", ":11211", "127.0.0.1:0", "127.0.0.1:99999", "example.invalid:11211",
                "unix:/etc/passwd", "/var/run/memcached.sock", "127.0.0.1:11211/../x", "user@127.0.0.1:11211",
                junk(20), "", "127.1:11211", "2130706433:11211", "0x7f.1:11211");
    }

    private String number() {
        return pick("0", "1", "10", "100", "101", "1000000", "1000001", "-1", "-0", "+5", "2147483648",
                "99999999999999999999", "1e3", "0x10", "1.5", "", "abc", "%31", "NaN", "١٢"); // Arabic-Indic digits
    }

    private String headers(List<String> headers, String kind) {
        int dice = random.nextInt(100);
        if (dice < 5) {
            headers.add("X-Huge: " + "a".repeat(random.nextInt(4_000, 40_000)));
            return "huge header";
        }
        if (dice < 8) {
            int n = random.nextInt(50, 300);
            for (int i = 0; i < n; i++) {
                headers.add("X-Many-" + i + ": " + i);
            }
            return "many headers";
        }
        if (dice < 20) {
            headers.add(pick("Accept: application/openmetrics-text; version=1.0.0", "Accept: */*",
                    "Accept: application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                            + "encoding=delimited", "Accept: " + junk(30), "Accept-Encoding: gzip",
                    "Accept-Encoding: " + junk(10), "X-Prometheus-Scrape-Timeout-Seconds: " + pick("10", "0.5",
                            "-1", "NaN", "1e308", "abc", ""), "Authorization: Basic " + junk(20),
                    "Cookie: " + junk(50), "Expect: 100-continue", "Range: bytes=0-1", "Origin: http://evil",
                    "X-Forwarded-For: " + junk(15)));
            return kind;
        }
        if (dice < 26) {
            headers.add(junk(random.nextInt(1, 30)).replace(":", "") + ": " + unicode(random.nextInt(1, 20)));
            return "unicode header";
        }
        return kind;
    }

    private byte[] body() {
        String json = switch (random.nextInt(16)) {
            case 0 -> "{\"latencyMs\":" + random.nextInt(0, 50) + ",\"errorRate\":0." + random.nextInt(0, 3) + "}";
            case 1 -> "{\"latencyMs\":" + pick("-1", "60001", "1e20", "\"80\"", "null", "true", "1.5",
                    "99999999999999999999") + "}";
            case 2 -> "{\"errorRate\":" + pick("-0.1", "1.1", "NaN", "Infinity", "\"x\"", "[]", "{}") + "}";
            case 3 -> "{\"latencyMs\":1,";
            case 4 -> "{\"latencyMs\":1}garbage";
            case 5 -> "[".repeat(random.nextInt(100, 5000)) + "]".repeat(random.nextInt(0, 10));
            case 6 -> "{\"a\":".repeat(random.nextInt(100, 3000)) + "1";
            case 7 -> "{\"latencyMs\":\"" + "x".repeat(random.nextInt(1000, 200_000)) + "\"}";
            case 8 -> "{\"latencyMs\":1,\"latencyMs\":2}";
            case 9 -> "{\"unknown\":1}";
            case 10 -> "";
            case 11 -> "null";
            case 12 -> "[1,2,3]";
            case 13 -> unicode(random.nextInt(1, 50));
            case 14 -> "{\"latencyMs\":0,\"errorRate\":0}";
            default -> null;
        };
        if (json == null) {
            byte[] bytes = new byte[random.nextInt(1, 2000)];
            random.nextBytes(bytes);
            return bytes;
        }
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private String randomPath() {
        StringBuilder path = new StringBuilder();
        int segments = random.nextInt(1, 6);
        for (int i = 0; i < segments; i++) {
            path.append('/').append(switch (random.nextInt(8)) {
                case 0 -> "..";
                case 1 -> "";
                case 2 -> percentBytes(random.nextInt(1, 10));
                case 3 -> encode(unicode(random.nextInt(1, 10)));
                case 4 -> "x".repeat(random.nextInt(1, 6000));
                case 5 -> pick("actuator", "admin", "api", "v1", "env", "heapdump", "shutdown", "beans", "metrics",
                        "scrape", "%2e%2e", ";jsessionid=1", "%2F", "WEB-INF");
                default -> encode(junk(random.nextInt(1, 12)));
            });
        }
        return path.toString();
    }

    private String junkQuery() {
        return pick("%", "%%", "&&&", "=", "a=%zz", "a=%C0%80", "a", "a=b=c", "%00=%00", "&=&", "x=" + junk(30),
                encode(unicode(5)) + "=" + encode(unicode(5)), "k".repeat(random.nextInt(1, 5000)) + "=1");
    }

    /** Printable ASCII without space, '?' and '#'; may include '%' and other characters a URL must escape. */
    private String junk(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c = (char) random.nextInt(0x21, 0x7F);
            s.append(c == '?' || c == '#' ? 'q' : c);
        }
        return s.toString();
    }

    private String unicode(int length) {
        StringBuilder s = new StringBuilder();
        int[] codePoints = UNICODE.codePoints().toArray();
        for (int i = 0; i < length; i++) {
            s.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return s.toString();
    }

    private String percentBytes(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(String.format("%%%02X", random.nextInt(256)));
        }
        return s.toString();
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
