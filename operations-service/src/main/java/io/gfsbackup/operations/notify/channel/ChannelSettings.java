package io.gfsbackup.operations.notify.channel;

import java.net.URI;
import java.util.List;

/**
 * Where a rule's notifications go. Secrets (a webhook's shared secret, a Slack webhook URL, which is itself a
 * secret) are held here and never shown by the API.
 */
public sealed interface ChannelSettings {

    ChannelType type();

    /** A generic webhook: JSON POSTed to {@code url}, signed with an HMAC-SHA256 of {@code secret}. */
    record Webhook(URI url, String secret) implements ChannelSettings {
        @Override
        public ChannelType type() {
            return ChannelType.WEBHOOK;
        }

        /** Without the secret, and with only the URL's scheme, host and port (a path or query may hold a token). */
        @Override
        public String toString() {
            return "Webhook[url=" + Redaction.origin(url) + ", secret=***]";
        }
    }

    /** A Slack incoming webhook. */
    record Slack(URI webhookUrl) implements ChannelSettings {
        @Override
        public ChannelType type() {
            return ChannelType.SLACK;
        }

        /** Only the URL's scheme, host and port: its path is the secret. */
        @Override
        public String toString() {
            return "Slack[webhookUrl=" + Redaction.origin(webhookUrl) + "/***]";
        }
    }

    /** An Amazon SNS topic (its region is the ARN's), published to with the service's own credentials. */
    record Sns(String topicArn) implements ChannelSettings {
        @Override
        public ChannelType type() {
            return ChannelType.SNS;
        }
    }

    /** E-mail over the SMTP server of the service's settings, to these addresses. */
    record Email(List<String> to) implements ChannelSettings {
        @Override
        public ChannelType type() {
            return ChannelType.EMAIL;
        }
    }
}
