package io.glasscache.demo.web;

/** A request parameter or body field is missing or invalid; rendered as a 400 problem naming {@link #field()}. */
public final class InvalidRequestException extends RuntimeException {

    private final String field;

    public InvalidRequestException(String field, String detail) {
        super(detail, null, false, false); // bad input is expected: no stack trace
        this.field = field;
    }

    public String field() {
        return field;
    }
}
