package io.glasscache.exporter.http;

/** A {@code --web.config.file} that cannot be used; the message names the file and what is wrong with it. */
public final class WebConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    WebConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
