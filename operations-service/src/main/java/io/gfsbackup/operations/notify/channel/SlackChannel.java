package io.gfsbackup.operations.notify.channel;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.gfsbackup.contracts.policy.Violation;
import io.gfsbackup.operations.notify.Notification;

/**
 * A Slack incoming webhook: {@code {"text": ...}} POSTed to the webhook URL ({@link #text(Notification)}). The URL is
 * itself the secret: it is never logged nor put in an error, only its host.
 */
@ApplicationScoped
public class SlackChannel implements Channel {

    /** Slack cuts a message's text at 40,000 characters; this leaves room for the footer. */
    static final int MAX_TEXT = 39_000;

    private static final Logger LOG = Logger.getLogger(SlackChannel.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpPost http;
    private final boolean allowPlainHttp;

    @Inject
    public SlackChannel(HttpChannelConfig config) {
        this(config.http().connectTimeout(), config.http().requestTimeout(), config.allowPlainHttp());
    }

    public SlackChannel(Duration connectTimeout, Duration requestTimeout, boolean allowPlainHttp) {
        this.http = new HttpPost(connectTimeout, requestTimeout);
        this.allowPlainHttp = allowPlainHttp;
    }

    @Override
    public ChannelType type() {
        return ChannelType.SLACK;
    }

    @Override
    public void deliver(Notification notification, ChannelSettings settings) throws DeliveryException {
        ChannelSettings.Slack slack = (ChannelSettings.Slack) settings;
        List<Violation> violations = validate(slack);
        if (!violations.isEmpty()) {
            throw new DeliveryException("Slack settings are not valid: " + violations, false);
        }
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("text", text(notification)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string did not serialise", e);
        }
        http.post("Slack webhook", slack.webhookUrl(), body, Map.of());
        LOG.debugf("delivered %s to the Slack webhook at %s", notification.idempotencyKey(),
                Redaction.origin(slack.webhookUrl()));
    }

    @Override
    public List<Violation> validate(ChannelSettings settings) {
        return HttpPost.check("channel.webhookUrl", ((ChannelSettings.Slack) settings).webhookUrl(), allowPlainHttp);
    }

    /**
     * The message: the subject in bold, the notification's text (one line per table), a line for every table the
     * text does not name, and a footer with the idempotency key. Slack's {@code &}, {@code <} and {@code >} are
     * escaped, so nothing in a detail becomes a link or a mention.
     */
    public static String text(Notification notification) {
        StringBuilder text = new StringBuilder();
        text.append('*').append(escape(notification.subject())).append("*\n");
        String body = notification.text() == null ? "" : notification.text().strip();
        if (!body.isEmpty()) {
            text.append(escape(body)).append('\n');
        }
        for (Notification.TableLine table : WebhookChannel.tables(notification)) {
            if (!body.contains(table.tableArn())) {
                text.append("• ").append(escape(table.tableArn()))
                        .append(table.detail() == null || table.detail().isBlank() ? "" : ": " + escape(table.detail()))
                        .append('\n');
            }
        }
        if (text.length() > MAX_TEXT) {
            text.setLength(MAX_TEXT);
            text.append("…\n(cut: the message was longer than Slack shows)\n");
        }
        text.append("_").append(notification.event()).append(" · idempotency key ")
                .append(escape(notification.idempotencyKey())).append('_');
        return text.toString();
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
