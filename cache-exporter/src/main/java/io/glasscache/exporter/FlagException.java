package io.glasscache.exporter;

/** A flag the exporter does not know, or a value it cannot use; the message is meant for the user. */
final class FlagException extends Exception {

    private static final long serialVersionUID = 1L;

    FlagException(String message) {
        super(message);
    }
}
