package io.gfsbackup.operations.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.policy.Violation;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/** Channels picks the channel of a rule's settings, and says what is wrong with settings, field by field. */
class ChannelsTest {

    private static final String SECRET = "a-shared-secret-of-the-receiver";

    private final HttpReceiver receiver = new HttpReceiver();
    private final SnsChannel sns = new SnsChannel(Optional.empty(), AnonymousCredentialsProvider.create(),
            Duration.ofSeconds(1));

    @AfterEach
    void close() {
        receiver.close();
        sns.close();
    }

    @Test
    void deliversThroughTheChannelOfTheSettingsType() throws Exception {
        Channels channels = channels(true);

        channels.deliver(Notifications.backupFailed(), new ChannelSettings.Webhook(receiver.url("/webhook"), SECRET));
        channels.deliver(Notifications.backupFailed(), new ChannelSettings.Slack(receiver.url("/slack")));

        assertThat(receiver.requests()).extracting(HttpReceiver.Request::path).containsExactly("/webhook", "/slack");
        assertThat(receiver.requests().get(0).header("X-GFS-Signature")).startsWith("sha256=");
        assertThat(receiver.requests().get(1).header("X-GFS-Signature")).isNull();
        assertThat(catchThrowableOfType(DeliveryException.class,
                () -> channels.deliver(Notifications.backupFailed(), null)).transientFailure()).isFalse();
    }

    @Test
    void urlsMustBeHttpsOrPlainHttpToThisHostWhenThatIsAllowed() {
        Channels strict = channels(false);
        Channels local = channels(true);

        assertThat(strict.validate(webhook("https://alerts.example.com/gfs"))).isEmpty();
        assertThat(strict.validate(webhook("http://127.0.0.1:8080/gfs"))).extracting(Violation::field)
                .containsExactly("channel.url");
        assertThat(local.validate(webhook("http://127.0.0.1:8080/gfs"))).isEmpty();
        assertThat(local.validate(webhook("http://localhost/gfs"))).isEmpty();
        assertThat(local.validate(webhook("http://alerts.example.com/gfs"))).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("plain http").contains("https://"));
        assertThat(local.validate(webhook("ftp://alerts.example.com/gfs"))).extracting(Violation::field)
                .containsExactly("channel.url");
        assertThat(local.validate(webhook("/relative"))).extracting(Violation::field).containsExactly("channel.url");
        assertThat(strict.validate(new ChannelSettings.Slack(URI.create("http://hooks.slack.com/services/T/B/x"))))
                .extracting(Violation::field).containsExactly("channel.webhookUrl");
        assertThat(strict.validate(new ChannelSettings.Slack(null))).extracting(Violation::field)
                .containsExactly("channel.webhookUrl");
    }

    @Test
    void aWebhookNeedsASecretOfAtLeast16Characters() {
        Channels channels = channels(false);
        URI url = URI.create("https://alerts.example.com/gfs");

        assertThat(channels.validate(new ChannelSettings.Webhook(url, null))).extracting(Violation::field)
                .containsExactly("channel.secret");
        assertThat(channels.validate(new ChannelSettings.Webhook(url, "short"))).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("has 5 characters"));
        assertThat(channels.validate(new ChannelSettings.Webhook(null, null))).extracting(Violation::field)
                .containsExactly("channel.url", "channel.secret");
    }

    @Test
    void settingsThatAreMissingOrOfATypeWithoutChannelAreNamed() {
        assertThat(channels(false).validate(null)).extracting(Violation::field).containsExactly("channel");
        assertThatThrownBy(() -> new Channels(List.of(sns))).hasMessageContaining("no channel of type");
        assertThatThrownBy(() -> new Channels(List.of(sns, sns))).hasMessageContaining("two channels of type SNS");
    }

    @Test
    void theSettingsNeverShowTheWebhookSecret() {
        assertThat(new ChannelSettings.Webhook(URI.create("https://alerts.example.com/gfs?token=t0k3n"), SECRET)
                .toString()).contains("alerts.example.com").doesNotContain(SECRET).doesNotContain("t0k3n");
    }

    private Channels channels(boolean allowPlainHttp) {
        return new Channels(List.of(
                new WebhookChannel(Duration.ofSeconds(1), Duration.ofSeconds(2), allowPlainHttp, Clock.systemUTC()),
                new SlackChannel(Duration.ofSeconds(1), Duration.ofSeconds(2), allowPlainHttp),
                sns,
                new EmailChannel(Optional.empty())));
    }

    private static ChannelSettings.Webhook webhook(String url) {
        return new ChannelSettings.Webhook(URI.create(url), SECRET);
    }
}
