package io.gfsbackup.operations.notify;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.gfsbackup.operations.notify.channel.ChannelSettings;

/**
 * A stored notification rule: which events of which policies go to which channel. {@code channel} holds the
 * channel's secret; only {@link RuleJson#masked} shapes of it leave the service.
 *
 * @param policies the policies concerned; empty for every policy
 * @param digest   when the daily digest goes out; present exactly when {@code events} has DAILY_DIGEST
 */
public record NotificationRule(UUID id, long version, String name, boolean enabled, Set<NotificationEvent> events,
                               List<UUID> policies, ChannelSettings channel, DigestTime digest, Instant createdAt,
                               String createdBy, Instant updatedAt, String updatedBy) {

    /** Whether this rule wants {@code event} of {@code policyId}. */
    public boolean wants(NotificationEvent event, UUID policyId) {
        return enabled && events.contains(event) && (policies.isEmpty() || policies.contains(policyId));
    }

    /** The hour of the day (0 to 23) in a time zone at which a rule's daily digest goes out. */
    public record DigestTime(int hour, ZoneId timeZone) {
    }

    /**
     * A rule as a request gives it, validated. When {@code keepSecret} is set the request left the channel's
     * secret out (or sent its mask back), and the stored one is kept; {@code channel}'s secret is then null.
     */
    public record Draft(String name, boolean enabled, Set<NotificationEvent> events, List<UUID> policies,
                        ChannelSettings channel, boolean keepSecret, DigestTime digest) {
    }
}
