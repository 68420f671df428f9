package io.gfsbackup.operations.rest;

/** A write that must name the version it changes (If-Match) did not; answered 428. */
public class PreconditionRequiredException extends RuntimeException {

    public PreconditionRequiredException(String message) {
        super(message);
    }
}
