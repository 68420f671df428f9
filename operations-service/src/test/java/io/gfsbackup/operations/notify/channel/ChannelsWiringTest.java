package io.gfsbackup.operations.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.policy.Violation;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The channels as the service builds them from its configuration: all four are beans, the test profile allows plain
 * HTTP to this host, and without SMTP settings e-mail is refused. (The same test resources as the other
 * {@code @QuarkusTest}s, so the application is started once for all of them.)
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class ChannelsWiringTest {

    @Inject
    Channels channels;

    @Test
    void everyChannelIsABeanConfiguredFromTheServiceSettings() throws Exception {
        try (HttpReceiver receiver = new HttpReceiver()) {
            ChannelSettings.Webhook webhook = new ChannelSettings.Webhook(receiver.url("/hook"),
                    "a-shared-secret-of-the-receiver");

            assertThat(channels.validate(webhook)).isEmpty();
            channels.deliver(Notifications.backupFailed(), webhook);

            assertThat(receiver.requests()).singleElement()
                    .satisfies(request -> assertThat(request.header("X-GFS-Signature")).startsWith("sha256="));
        }
        for (ChannelType type : ChannelType.values()) {
            assertThat(channels.channel(type).type()).isEqualTo(type);
        }
        assertThat(channels.validate(new ChannelSettings.Slack(URI.create("http://hooks.example.com/x"))))
                .extracting(Violation::field).containsExactly("channel.webhookUrl");
        assertThat(channels.validate(new ChannelSettings.Email(List.of("ops@example.com"))))
                .extracting(Violation::field).containsExactly("channel.type");
    }
}
