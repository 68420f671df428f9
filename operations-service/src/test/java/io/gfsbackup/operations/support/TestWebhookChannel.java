package io.gfsbackup.operations.support;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.gfsbackup.contracts.Json;
import io.gfsbackup.operations.notify.Notification;
import io.gfsbackup.operations.notify.channel.Channel;
import io.gfsbackup.operations.notify.channel.ChannelSettings;
import io.gfsbackup.operations.notify.channel.ChannelType;
import io.gfsbackup.operations.notify.channel.DeliveryException;

/**
 * A minimal webhook channel for the tests: POSTs the notification as JSON with its idempotency key and an
 * HMAC-SHA256 signature of the body; 2xx is delivered, 5xx, 429 or no answer is transient, any other status
 * permanent. It stands in for the service's own webhook channel, which is built apart.
 */
@ApplicationScoped
public class TestWebhookChannel implements Channel {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    public ChannelType type() {
        return ChannelType.WEBHOOK;
    }

    @Override
    public void deliver(Notification notification, ChannelSettings settings) throws DeliveryException {
        ChannelSettings.Webhook webhook = (ChannelSettings.Webhook) settings;
        String body;
        try {
            body = Json.mapper().writeValueAsString(notification);
        } catch (JsonProcessingException e) {
            throw new DeliveryException("could not write the notification", false, e);
        }
        HttpRequest request = HttpRequest.newBuilder(webhook.url()).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", notification.idempotencyKey())
                .header("X-Gfs-Signature", "sha256=" + sign(webhook.secret(), body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        int status;
        try {
            status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new DeliveryException("the receiver did not answer: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted", true, e);
        }
        if (status / 100 != 2) {
            throw new DeliveryException("the receiver answered " + status, status >= 500 || status == 429);
        }
    }

    /** The hex HMAC-SHA256 of {@code body} under {@code secret}. */
    public static String sign(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
