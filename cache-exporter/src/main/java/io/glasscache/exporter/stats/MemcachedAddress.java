package io.glasscache.exporter.stats;

import java.util.Locale;

/**
 * Where a memcached listens: {@code host:port} ({@code [v6]:port}; the port defaults to 11211) or a unix
 * socket path (absolute, or prefixed {@code unix:}).
 */
public record MemcachedAddress(String host, int port, String unixPath) {

    public static final int DEFAULT_PORT = 11211;

    /** Parses an address; throws {@link IllegalArgumentException} with a message fit for a user. */
    public static MemcachedAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty memcached address");
        }
        String value = text.trim();
        if (value.startsWith("unix:")) {
            value = value.substring("unix:".length());
            if (value.isEmpty()) {
                throw new IllegalArgumentException("empty unix socket path in '" + text + "'");
            }
            return new MemcachedAddress(null, 0, value);
        }
        if (value.startsWith("/")) {
            return new MemcachedAddress(null, 0, value);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || c == '/' || c == '?' || c == '#' || c == '@') {
                throw new IllegalArgumentException("invalid memcached address '" + text
                        + "': expected host:port or a unix socket path");
            }
        }
        String host;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("invalid memcached address '" + text + "': unclosed '['");
            }
            host = value.substring(1, close);
            String rest = value.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new IllegalArgumentException("invalid memcached address '" + text + "'");
            }
            port = rest.isEmpty() ? null : rest.substring(1);
        } else {
            int colon = value.lastIndexOf(':');
            if (colon >= 0 && value.indexOf(':') != colon) {
                throw new IllegalArgumentException("invalid memcached address '" + text
                        + "': write IPv6 addresses as [addr]:port");
            }
            host = colon < 0 ? value : value.substring(0, colon);
            port = colon < 0 ? null : value.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("invalid memcached address '" + text + "': empty host");
        }
        return new MemcachedAddress(host.toLowerCase(Locale.ROOT), port == null ? DEFAULT_PORT : port(text, port),
                null);
    }

    private static int port(String text, String port) {
        try {
            int value = Integer.parseInt(port);
            if (value >= 1 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid port in memcached address '" + text + "': '" + port
                + "' (1-65535)");
    }

    public boolean isUnix() {
        return unixPath != null;
    }

    /**
     * True for a unix socket or an IP literal: connecting needs no name lookup, so the socket's own timeouts bound
     * everything (a DNS lookup has no timeout of ours).
     */
    public boolean connectsWithoutLookup() {
        if (isUnix() || host.contains(":")) {
            return true; // unix path, or IPv6 literal (a name cannot hold ':')
        }
        int dots = 0;
        int digits = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                if (digits == 0) {
                    return false;
                }
                dots++;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                digits++;
            } else {
                return false;
            }
        }
        return dots == 3 && digits > 0;
    }

    /** The canonical form, used as a label value and for allowlist matching. */
    @Override
    public String toString() {
        if (isUnix()) {
            return unixPath;
        }
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
