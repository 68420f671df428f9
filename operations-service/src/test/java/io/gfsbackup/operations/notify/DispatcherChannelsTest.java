package io.gfsbackup.operations.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.gfsbackup.operations.notify.channel.Channel;
import io.gfsbackup.operations.notify.channel.ChannelSettings;
import io.gfsbackup.operations.notify.channel.ChannelType;

class DispatcherChannelsTest {

    @Test
    void errorsLoseTheChannelsSecrets() {
        String slack = "https://hooks.slack.com/services/T1/B2/secretpart";
        assertThat(Secrets.redact("POST " + slack + " answered 404", new ChannelSettings.Slack(URI.create(slack))))
                .isEqualTo("POST https://hooks.slack.com/******** answered 404");
        assertThat(Secrets.redact("path /services/T1/B2/secretpart not found",
                new ChannelSettings.Slack(URI.create(slack)))).isEqualTo("path /******** not found");
        assertThat(Secrets.redact("bad signature for key s3cr3t-s3cr3t-s3cr3t",
                new ChannelSettings.Webhook(URI.create("https://example.com"), "s3cr3t-s3cr3t-s3cr3t")))
                .isEqualTo("bad signature for key ********");
    }

    private static Channel channel(ChannelType type) {
        return new Channel() {
            @Override
            public ChannelType type() {
                return type;
            }

            @Override
            public void deliver(Notification notification, ChannelSettings settings) {
            }
        };
    }
}
