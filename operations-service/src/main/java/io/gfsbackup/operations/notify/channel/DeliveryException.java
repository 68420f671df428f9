package io.gfsbackup.operations.notify.channel;

/** A notification was not delivered; transient when a later attempt may succeed. */
public class DeliveryException extends Exception {

    private final boolean transientFailure;

    public DeliveryException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public DeliveryException(String message, boolean transientFailure) {
        this(message, transientFailure, null);
    }

    public boolean transientFailure() {
        return transientFailure;
    }
}
