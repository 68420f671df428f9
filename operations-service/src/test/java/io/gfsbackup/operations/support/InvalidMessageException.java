package io.gfsbackup.operations.support;

/** Stands for the worker's exception of a refused message: the dead letter's class header ends with its name. */
public class InvalidMessageException extends RuntimeException {

    public InvalidMessageException(String message) {
        super(message);
    }
}
