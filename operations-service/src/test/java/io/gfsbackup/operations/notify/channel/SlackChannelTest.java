package io.gfsbackup.operations.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.gfsbackup.operations.notify.Notification;
import io.gfsbackup.operations.notify.NotificationEvent;

/** The Slack incoming webhook against a real HTTP receiver. */
class SlackChannelTest {

    private static final String SECRET_PATH = "/services/T0001/B0002/s3cr3tT0k3n";

    private final HttpReceiver receiver = new HttpReceiver();
    private final SlackChannel channel = new SlackChannel(Duration.ofSeconds(2), Duration.ofMillis(800), true);

    @AfterEach
    void close() {
        receiver.close();
    }

    @Test
    void postsATextThatNamesTheSubjectEveryTableAndTheIdempotencyKey() throws Exception {
        Notification notification = Notifications.backupFailed();

        channel.deliver(notification, new ChannelSettings.Slack(receiver.url(SECRET_PATH)));

        HttpReceiver.Request request = receiver.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(SECRET_PATH);
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = new ObjectMapper().readTree(request.body());
        String text = body.get("text").asText();
        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).isEqualTo("*" + notification.subject() + "*");
        assertThat(text).contains(Notifications.ORDERS, Notifications.PAYMENTS,
                "LimitExceededException: too many backups in progress", notification.idempotencyKey());
        assertThat(lines.get(lines.size() - 1)).contains(notification.idempotencyKey());
    }

    @Test
    void aTableTheTextDoesNotNameGetsALineOfItsOwnAndSlackMarkupIsEscaped() throws Exception {
        Notification notification = new Notification("k-gap", NotificationEvent.RETENTION_GAP, Notifications.POLICY_ID,
                "orders-gfs", Notifications.SLOT, "orders-gfs: retention gap", "weekly points <missing> & late",
                List.of(new Notification.TableLine(Notifications.ORDERS, "no weekly point since 2025-12-29")),
                Notifications.OCCURRED_AT);

        channel.deliver(notification, new ChannelSettings.Slack(receiver.url(SECRET_PATH)));

        String text = new ObjectMapper().readTree(receiver.requests().get(0).body()).get("text").asText();
        assertThat(text).contains("• " + Notifications.ORDERS + ": no weekly point since 2025-12-29")
                .contains("weekly points &lt;missing&gt; &amp; late").contains("k-gap");
    }

    @Test
    void a5xxOrA429IsTransientAndA4xxPermanentAndNeitherNamesTheSecretPath() {
        receiver.answer(500, "internal_error");
        DeliveryException serverError = deliverExpectingFailure(receiver.url(SECRET_PATH));
        receiver.answer(429, "rate_limited");
        DeliveryException throttled = deliverExpectingFailure(receiver.url(SECRET_PATH));
        receiver.answer(404, "no_service");
        DeliveryException gone = deliverExpectingFailure(receiver.url(SECRET_PATH));

        assertThat(serverError.transientFailure()).isTrue();
        assertThat(throttled.transientFailure()).isTrue();
        assertThat(gone.transientFailure()).isFalse();
        assertThat(gone.getMessage()).contains("answered 404: no_service").contains("127.0.0.1");
        for (DeliveryException failure : List.of(serverError, throttled, gone)) {
            assertThat(failure.getMessage()).doesNotContain("s3cr3t").doesNotContain("/services");
        }
    }

    @Test
    void aReceiverThatDoesNotAnswerWithinTheTimeoutIsTransient() {
        receiver.delay(Duration.ofSeconds(5));

        DeliveryException failure = deliverExpectingFailure(receiver.url(SECRET_PATH));

        assertThat(failure.transientFailure()).isTrue();
        assertThat(failure.getMessage()).doesNotContain("s3cr3t");
    }

    @Test
    void theSettingsNeverShowTheWebhookPath() {
        ChannelSettings.Slack settings = new ChannelSettings.Slack(
                URI.create("https://hooks.slack.com" + SECRET_PATH));

        assertThat(settings.toString()).contains("hooks.slack.com").doesNotContain("s3cr3t");
    }

    private DeliveryException deliverExpectingFailure(URI url) {
        return catchThrowableOfType(DeliveryException.class,
                () -> channel.deliver(Notifications.backupFailed(), new ChannelSettings.Slack(url)));
    }
}
