package io.gfsbackup.retention.command;

/** A message on {@code backup-events} of a type this service does not handle; it goes to the DLQ. */
public class UnsupportedMessageException extends RuntimeException {

    public UnsupportedMessageException(String message) {
        super(message);
    }
}
