package io.gfsbackup.operations.notify.channel;

import io.gfsbackup.operations.notify.Notification;

/** Delivers notifications to one kind of receiver. */
public interface Channel {

    ChannelType type();

    /**
     * Delivers {@code notification} once. Returns when the receiver has it.
     *
     * @throws DeliveryException when it did not; {@link DeliveryException#transientFailure()} says whether trying again
     *                           later may succeed (the receiver was away, answered 5xx or 429, throttled)
     */
    void deliver(Notification notification, ChannelSettings settings) throws DeliveryException;
}
