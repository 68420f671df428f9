package io.gfsbackup.worker.service;

/**
 * A message that parses but that the worker must not act on (its ids do not match its content, or it asks to
 * delete a backup this system did not create). The consumer sends it to the DLQ with this message as the reason.
 */
public class InvalidMessageException extends RuntimeException {

    public InvalidMessageException(String message) {
        super(message);
    }
}
