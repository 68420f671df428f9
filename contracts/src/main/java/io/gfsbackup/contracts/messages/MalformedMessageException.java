package io.gfsbackup.contracts.messages;

/** A payload that is not a valid {@link Message}; its message names the problem. Consumers route it to the DLQ. */
public class MalformedMessageException extends RuntimeException {

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
