package io.glasscache.cache.codec;

/** A value could not be encoded or decoded: an unregistered class, corrupt or foreign bytes. */
public final class CodecException extends RuntimeException {

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }

    public CodecException(String message) {
        super(message);
    }
}
