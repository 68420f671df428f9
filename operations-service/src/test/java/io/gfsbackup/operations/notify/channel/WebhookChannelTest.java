package io.gfsbackup.operations.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.gfsbackup.operations.notify.Notification;

/** The generic webhook against a real HTTP receiver. */
class WebhookChannelTest {

    private static final String SECRET = "a-shared-secret-of-the-receiver";
    private static final Instant NOW = Instant.parse("2026-01-05T08:00:05Z");

    private final HttpReceiver receiver = new HttpReceiver();
    private final WebhookChannel channel = new WebhookChannel(Duration.ofSeconds(2), Duration.ofMillis(800), true,
            Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void close() {
        receiver.close();
    }

    @Test
    void postsTheNotificationAsJsonWithTheIdempotencyKeyAndTheWallClockTimestamp() throws Exception {
        Notification notification = Notifications.backupFailed();

        channel.deliver(notification, new ChannelSettings.Webhook(receiver.url("/hooks/gfs?team=ops"), SECRET));

        assertThat(receiver.requests()).hasSize(1);
        HttpReceiver.Request request = receiver.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hooks/gfs?team=ops");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Idempotency-Key")).isEqualTo(notification.idempotencyKey());
        assertThat(request.header("X-GFS-Timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond()));

        JsonNode body = new ObjectMapper().readTree(request.body());
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("idempotencyKey", "event", "policyId", "policyName", "slot", "subject",
                "text", "tables", "occurredAt");
        assertThat(body.get("idempotencyKey").asText()).isEqualTo(notification.idempotencyKey());
        assertThat(body.get("event").asText()).isEqualTo("BACKUP_FAILED");
        assertThat(body.get("policyId").asText()).isEqualTo(Notifications.POLICY_ID.toString());
        assertThat(body.get("policyName").asText()).isEqualTo("orders-gfs");
        assertThat(body.get("slot").asText()).isEqualTo("2026-01-05T07:00:00Z");
        assertThat(body.get("subject").asText()).isEqualTo(notification.subject());
        assertThat(body.get("text").asText()).isEqualTo(notification.text());
        assertThat(body.get("tables")).hasSize(2);
        assertThat(body.get("tables").get(0).get("tableArn").asText()).isEqualTo(Notifications.ORDERS);
        assertThat(body.get("tables").get(0).get("detail").asText())
                .isEqualTo("LimitExceededException: too many backups in progress");
        assertThat(body.get("tables").get(1).get("tableArn").asText()).isEqualTo(Notifications.PAYMENTS);
        assertThat(body.get("occurredAt").asText()).isEqualTo("2026-01-05T08:00:03Z");
    }

    @Test
    void theSignatureIsTheHmacOfTimestampAndBodyWithTheSecretAndFailsWithAnotherSecret() throws Exception {
        channel.deliver(Notifications.backupFailed(), new ChannelSettings.Webhook(receiver.url("/hook"), SECRET));

        HttpReceiver.Request request = receiver.requests().get(0);
        String signed = request.header("X-GFS-Timestamp") + "." + request.body();
        assertThat(request.header("X-GFS-Signature")).isEqualTo("sha256=" + hmac(SECRET, signed));
        assertThat(request.header("X-GFS-Signature")).isNotEqualTo("sha256=" + hmac(SECRET + "x", signed));
        assertThat(request.header("X-GFS-Signature"))
                .isNotEqualTo("sha256=" + hmac(SECRET, (NOW.getEpochSecond() - 1) + "." + request.body()));
    }

    @Test
    void aDeletionsPausedNotificationHasANullSlot() throws Exception {
        Notification paused = new Notification("k-paused", io.gfsbackup.operations.notify.NotificationEvent
                .DELETIONS_PAUSED, Notifications.POLICY_ID, "orders-gfs", null, "orders-gfs: deletions paused",
                "the clock jumped", List.of(), Notifications.OCCURRED_AT);

        channel.deliver(paused, new ChannelSettings.Webhook(receiver.url("/hook"), SECRET));

        JsonNode body = new ObjectMapper().readTree(receiver.requests().get(0).body());
        assertThat(body.get("slot").isNull()).isTrue();
        assertThat(body.get("tables")).isEmpty();
    }

    @Test
    void a500OrA429OrA408IsTransient() {
        for (int status : new int[] {500, 503, 429, 408}) {
            receiver.answer(status, "try later");
            DeliveryException failure = deliverExpectingFailure(receiver.url("/hook"));
            assertThat(failure.transientFailure()).as("HTTP %d", status).isTrue();
            assertThat(failure.getMessage()).contains("answered " + status).contains("try later");
        }
    }

    @Test
    void a400IsPermanentAndNamesTheStatusAndTheStartOfTheBody() {
        receiver.answer(400, "{\"error\": \"unknown field idempotencyKey\"}" + "x".repeat(1000));

        DeliveryException failure = deliverExpectingFailure(receiver.url("/hook"));

        assertThat(failure.transientFailure()).isFalse();
        assertThat(failure.getMessage()).contains("answered 400").contains("unknown field idempotencyKey")
                .hasSizeLessThan(400);
    }

    @Test
    void aRedirectIsNotFollowedAndIsPermanent() {
        receiver.answer(301, "");

        DeliveryException failure = deliverExpectingFailure(receiver.url("/hook"));

        assertThat(failure.transientFailure()).isFalse();
        assertThat(failure.getMessage()).contains("answered 301");
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void aReceiverThatDoesNotAnswerWithinTheTimeoutIsTransient() {
        receiver.delay(Duration.ofSeconds(5));
        long start = System.nanoTime();

        DeliveryException failure = deliverExpectingFailure(receiver.url("/hook"));

        assertThat(failure.transientFailure()).isTrue();
        assertThat(failure.getMessage()).contains("did not answer");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aReceiverThatIsDownIsTransient() {
        URI url = receiver.url("/hook");
        receiver.close();

        DeliveryException failure = deliverExpectingFailure(url);

        assertThat(failure.transientFailure()).isTrue();
        assertThat(failure.getMessage()).contains("could not be reached");
    }

    @Test
    void aPlainHttpUrlToAnotherHostIsRefusedWithoutAPost() {
        DeliveryException failure = deliverExpectingFailure(URI.create("http://example.com/hook"));

        assertThat(failure.transientFailure()).isFalse();
        assertThat(failure.getMessage()).contains("channel.url");
    }

    private DeliveryException deliverExpectingFailure(URI url) {
        return catchThrowableOfType(DeliveryException.class,
                () -> channel.deliver(Notifications.backupFailed(), new ChannelSettings.Webhook(url, SECRET)));
    }

    /** The receiver's side, written out as a receiver would: HMAC-SHA256 of "timestamp.body", lowercase hex. */
    private static String hmac(String secret, String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }
}
