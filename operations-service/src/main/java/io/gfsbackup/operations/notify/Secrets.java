package io.gfsbackup.operations.notify;

import io.gfsbackup.operations.notify.channel.ChannelSettings;

/** Keeps a channel's secrets out of what is stored and shown: an error text may quote a URL or a header. */
final class Secrets {

    private Secrets() {
    }

    /** {@code text} with the secrets of {@code channel} replaced by the mask. */
    static String redact(String text, ChannelSettings channel) {
        if (text == null) {
            return null;
        }
        String redacted = text;
        if (channel instanceof ChannelSettings.Webhook webhook && webhook.secret() != null) {
            redacted = redacted.replace(webhook.secret(), RuleJson.MASK);
        }
        if (channel instanceof ChannelSettings.Slack slack && slack.webhookUrl() != null) {
            String url = slack.webhookUrl().toString();
            redacted = redacted.replace(url, RuleJson.maskUrl(slack.webhookUrl()));
            String path = slack.webhookUrl().getRawPath();
            if (path != null && path.length() > 1) {
                redacted = redacted.replace(path, "/" + RuleJson.MASK);
            }
        }
        return redacted;
    }
}
