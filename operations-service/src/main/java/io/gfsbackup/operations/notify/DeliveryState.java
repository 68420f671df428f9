package io.gfsbackup.operations.notify;

/** Where a notification of the outbox stands. */
public enum DeliveryState {
    /** Not delivered yet: due at its next attempt. */
    PENDING,
    /** The channel's receiver has it. */
    DELIVERED,
    /** Given up: a permanent failure, or transient ones until the attempts ran out; last_error says which. */
    FAILED,
    /** Its rule was deleted before it was delivered. */
    CANCELLED
}
