package io.gfsbackup.operations.notify.channel;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gfsbackup.contracts.policy.Violation;
import io.gfsbackup.operations.notify.Notification;

/**
 * A generic webhook: the notification as JSON ({@link #body(Notification)}), POSTed with the headers
 * {@code Idempotency-Key}, {@code X-GFS-Timestamp} (epoch seconds of the wall clock) and {@code X-GFS-Signature:
 * sha256=<hex>}, the lowercase hex HMAC-SHA256 of {@code "<timestamp>.<body>"} keyed with the rule's secret
 * ({@link #signature(String, long, String)}). A receiver recomputes the signature over the raw body, compares it in
 * constant time, and rejects a timestamp more than a few minutes from its own clock (docs/operations.md,
 * "Notification channels").
 */
@ApplicationScoped
public class WebhookChannel implements Channel {

    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    public static final String TIMESTAMP_HEADER = "X-GFS-Timestamp";
    public static final String SIGNATURE_HEADER = "X-GFS-Signature";
    /** A secret shorter than this is refused: it would be guessed. */
    public static final int MIN_SECRET_LENGTH = 16;
    public static final int MAX_SECRET_LENGTH = 256;

    private static final Logger LOG = Logger.getLogger(WebhookChannel.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpPost http;
    private final boolean allowPlainHttp;
    private final Clock wallClock;

    @Inject
    public WebhookChannel(HttpChannelConfig config) {
        this(config.http().connectTimeout(), config.http().requestTimeout(), config.allowPlainHttp(),
                Clock.systemUTC());
    }

    /**
     * @param wallClock the clock of {@code X-GFS-Timestamp}: the real time, which receivers compare with theirs, never
     *                  the product's (possibly simulated) clock
     */
    public WebhookChannel(Duration connectTimeout, Duration requestTimeout, boolean allowPlainHttp, Clock wallClock) {
        this.http = new HttpPost(connectTimeout, requestTimeout);
        this.allowPlainHttp = allowPlainHttp;
        this.wallClock = wallClock;
    }

    @Override
    public ChannelType type() {
        return ChannelType.WEBHOOK;
    }

    @Override
    public void deliver(Notification notification, ChannelSettings settings) throws DeliveryException {
        ChannelSettings.Webhook webhook = (ChannelSettings.Webhook) settings;
        List<Violation> violations = validate(webhook);
        if (!violations.isEmpty()) {
            throw new DeliveryException("webhook settings are not valid: " + violations, false);
        }
        String body = body(notification);
        long timestamp = wallClock.instant().getEpochSecond();
        http.post("webhook", webhook.url(), body, Map.of(
                IDEMPOTENCY_KEY_HEADER, notification.idempotencyKey(),
                TIMESTAMP_HEADER, Long.toString(timestamp),
                SIGNATURE_HEADER, "sha256=" + signature(webhook.secret(), timestamp, body)));
        LOG.debugf("delivered %s to the webhook at %s", notification.idempotencyKey(),
                Redaction.origin(webhook.url()));
    }

    @Override
    public List<Violation> validate(ChannelSettings settings) {
        ChannelSettings.Webhook webhook = (ChannelSettings.Webhook) settings;
        List<Violation> violations = new ArrayList<>(HttpPost.check("channel.url", webhook.url(), allowPlainHttp));
        String secret = webhook.secret();
        if (secret == null || secret.isEmpty()) {
            violations.add(new Violation("channel.secret", "is required; give a shared secret of "
                    + MIN_SECRET_LENGTH + " to " + MAX_SECRET_LENGTH + " characters to sign the requests with"));
        } else if (secret.length() < MIN_SECRET_LENGTH || secret.length() > MAX_SECRET_LENGTH) {
            violations.add(new Violation("channel.secret", "has " + secret.length() + " characters; give "
                    + MIN_SECRET_LENGTH + " to " + MAX_SECRET_LENGTH));
        } else if (secret.chars().anyMatch(Character::isISOControl)) {
            violations.add(new Violation("channel.secret", "contains a control character; a secret is printable "
                    + "text"));
        }
        return violations;
    }

    /**
     * The request body: {@code idempotencyKey}, {@code event}, {@code policyId}, {@code policyName}, {@code slot}
     * (null for a pause of deletions), {@code subject}, {@code text}, {@code tables} ({@code [{tableArn, detail}]})
     * and {@code occurredAt}, in this order; instants in ISO-8601 UTC ({@code 2026-01-05T07:00:00Z}).
     */
    public static String body(Notification notification) {
        ObjectNode body = JSON.createObjectNode();
        body.put("idempotencyKey", notification.idempotencyKey());
        body.put("event", notification.event().name());
        body.put("policyId", notification.policyId() == null ? null : notification.policyId().toString());
        body.put("policyName", notification.policyName());
        body.put("slot", instant(notification.slot()));
        body.put("subject", notification.subject());
        body.put("text", notification.text());
        ArrayNode tables = body.putArray("tables");
        for (Notification.TableLine table : tables(notification)) {
            tables.addObject().put("tableArn", table.tableArn()).put("detail", table.detail());
        }
        body.put("occurredAt", instant(notification.occurredAt()));
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings did not serialise", e);
        }
    }

    /** The lowercase hex HMAC-SHA256 of {@code "<timestamp>.<body>"} keyed with the UTF-8 bytes of {@code secret}. */
    public static String signature(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    static List<Notification.TableLine> tables(Notification notification) {
        return notification.tables() == null ? List.of() : notification.tables();
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
