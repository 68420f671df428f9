package io.gfsbackup.rest;

/** A path or query parameter that is not valid; answered with 400 naming the parameter. */
public class InvalidParameterException extends RuntimeException {

    private final String field;

    public InvalidParameterException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
