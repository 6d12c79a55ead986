package io.glasscache.cache.stats;

/** An operation sent to the L2 (memcached); its {@link #tag()} is the {@code operation} label of L2 meters. */
public enum L2Operation {
    GET("get"),
    GET_MULTI("get_multi"),
    SET("set"),
    DELETE("delete");

    private final String tag;

    L2Operation(String tag) {
        this.tag = tag;
    }

    /** The metric label value. */
    public String tag() {
        return tag;
    }
}
