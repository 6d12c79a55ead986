package io.glasscache.cache;

import java.util.regex.Pattern;

/** Cache names and namespaces end up in metric labels and memcached keys: keep them short and plain. */
final class Names {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private Names() {
    }

    static String requireSafe(String what, String value) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1-64 characters of [A-Za-z0-9_.-], got: " + value);
        }
        return value;
    }
}
