package io.glasscache.cache.l2;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.spy.memcached.compat.log.AbstractLogger;
import net.spy.memcached.compat.log.Level;

/**
 * Routes spymemcached's logging to SLF4J without cache keys above DEBUG: spymemcached prints operations, keys
 * included, in its warnings ("Discarding partially completed op: Cmd: get Keys: ..."). At INFO and above the message
 * is cut before the first operation description and the exception is reduced to its class; the full text goes to
 * DEBUG. The connection's INFO and WARN messages (connects, "Reconnecting ...", "Closing, and reopening ...",
 * every second or so while a server is down) go to DEBUG too: {@link L2Availability} reports outages once, then once
 * a minute. Installed by {@link MemcachedClient} through {@code net.spy.log.LoggerImpl} unless that is already set;
 * spymemcached instantiates it by name, hence public.
 */
public final class RedactingSpyLogger extends AbstractLogger {

    private static final String CONNECTION_LOGGER = "net.spy.memcached.MemcachedConnection";

    private final Logger delegate;
    private final boolean connection;

    public RedactingSpyLogger(String name) {
        super(name);
        this.delegate = LoggerFactory.getLogger(name);
        this.connection = CONNECTION_LOGGER.equals(name);
    }

    @Override
    public boolean isTraceEnabled() {
        return delegate.isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return delegate.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return delegate.isInfoEnabled();
    }

    @Override
    public void log(Level level, Object message, Throwable e) {
        String text = String.valueOf(message);
        if (level == Level.TRACE || level == Level.DEBUG || connection && (level == Level.INFO || level == Level.WARN)) {
            if (delegate.isDebugEnabled()) {
                delegate.debug(text, e);
            }
            return;
        }
        String safe = redact(text) + (e == null ? "" : " (" + e.getClass().getName() + ")");
        switch (level) {
            case INFO -> delegate.info(safe);
            case WARN -> delegate.warn(safe);
            default -> delegate.error(safe);
        }
        if (delegate.isDebugEnabled() && (!safe.equals(text) || e != null)) {
            delegate.debug("(full) " + text, e);
        }
    }

    /** The message up to the first operation description, which may hold keys. */
    static String redact(String text) {
        int cut = text.length();
        for (String marker : new String[] {"Cmd:", "Keys:", "Key:", "topRop=", "topWop=", "key="}) {
            int i = text.indexOf(marker);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return cut == text.length() ? text : text.substring(0, cut) + "<operation details at DEBUG>";
    }
}
