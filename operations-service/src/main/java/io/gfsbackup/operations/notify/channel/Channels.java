package io.gfsbackup.operations.notify.channel;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.gfsbackup.contracts.policy.Violation;
import io.gfsbackup.operations.notify.Notification;
import io.quarkus.arc.All;

/**
 * Every channel, by type: delivers a notification through the channel of its rule's settings, and says what is
 * wrong with settings before a rule is stored.
 */
@ApplicationScoped
public class Channels {

    private final Map<ChannelType, Channel> byType = new EnumMap<>(ChannelType.class);

    @Inject
    public Channels(@All List<Channel> channels) {
        for (Channel channel : channels) {
            Channel before = byType.put(channel.type(), channel);
            if (before != null) {
                throw new IllegalStateException("two channels of type " + channel.type() + ": "
                        + before.getClass().getName() + " and " + channel.getClass().getName());
            }
        }
        for (ChannelType type : ChannelType.values()) {
            if (!byType.containsKey(type)) {
                throw new IllegalStateException("no channel of type " + type);
            }
        }
    }

    /**
     * Delivers {@code notification} once through the channel of {@code settings}.
     *
     * @throws DeliveryException when it was not delivered; transient when a later attempt may succeed, permanent when
     *                           settings are not valid any more or the receiver refused it for good
     */
    public void deliver(Notification notification, ChannelSettings settings) throws DeliveryException {
        if (settings == null) {
            throw new DeliveryException("a notification needs channel settings", false);
        }
        byType.get(settings.type()).deliver(notification, settings);
    }

    /**
     * What is wrong with {@code settings} for this service, each problem with its field relative to the rule
     * ({@code channel}, {@code channel.url}, {@code channel.secret}, {@code channel.webhookUrl},
     * {@code channel.topicArn}, {@code channel.to}, {@code channel.to[1]}, {@code channel.type}) and what would be
     * valid; empty when the settings can be used.
     */
    public List<Violation> validate(ChannelSettings settings) {
        if (settings == null) {
            return List.of(new Violation("channel", "is required; give a channel of type WEBHOOK, SLACK, SNS or "
                    + "EMAIL with its settings"));
        }
        return List.copyOf(byType.get(settings.type()).validate(settings));
    }

    /** The channel of {@code type}. */
    public Channel channel(ChannelType type) {
        return byType.get(type);
    }
}
