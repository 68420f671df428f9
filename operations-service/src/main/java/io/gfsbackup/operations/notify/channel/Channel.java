package io.gfsbackup.operations.notify.channel;

import java.util.List;

import io.gfsbackup.contracts.policy.Violation;
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

    /**
     * What is wrong with {@code settings} of this channel's type for this service (its configuration included), each
     * problem with its field relative to {@code channel.} ({@code channel.url}, {@code channel.to[1]}); empty when
     * they can be used.
     */
    default List<Violation> validate(ChannelSettings settings) {
        return List.of();
    }
}
