package io.gfsbackup.operations.notify.channel;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.gfsbackup.aws.AwsErrors;
import io.gfsbackup.contracts.policy.Violation;
import io.gfsbackup.operations.notify.Notification;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.SdkAutoCloseable;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * An Amazon SNS topic: one Publish per notification, in the topic's region (from its ARN), with the service's own
 * credentials (the AWS default chain). Subject is the notification's subject made fit for SNS
 * ({@link #subject(Notification)}), Message its text; the message attributes {@code idempotency_key} and
 * {@code event} let subscribers filter and drop duplicates. On a FIFO topic ({@code .fifo}) the message group is the
 * policy and the deduplication id a hash of the idempotency key, so SNS itself drops a duplicate sent within its
 * five-minute deduplication window.
 *
 * <p>Throttling, 5xx and a failure to reach SNS are transient; anything else (authorization, a topic that does not
 * exist, an invalid parameter) is permanent.
 */
@ApplicationScoped
public class SnsChannel implements Channel, AutoCloseable {

    /** A topic ARN: partition, region, account, name (FIFO names end with {@code .fifo}); group 1 is the region. */
    static final Pattern TOPIC_ARN = Pattern.compile(
            "arn:aws[a-z-]*:sns:([a-z]{2}(?:-[a-z]+)+-[0-9]):[0-9]{12}:[A-Za-z0-9_-]{1,256}(?:\\.fifo)?");
    /** SNS's limit of a subject. */
    static final int MAX_SUBJECT = 100;
    /** SNS's limit of a message is 256 KiB; this leaves room for the attributes. */
    static final int MAX_MESSAGE_BYTES = 250 * 1024;
    static final String IDEMPOTENCY_KEY_ATTRIBUTE = "idempotency_key";
    static final String EVENT_ATTRIBUTE = "event";

    private static final Logger LOG = Logger.getLogger(SnsChannel.class);

    private final Optional<URI> endpointOverride;
    private final AwsCredentialsProvider credentials;
    private final Duration timeout;
    private final boolean ownsCredentials;
    private final Map<String, SnsClient> clients = new ConcurrentHashMap<>();

    @Inject
    public SnsChannel(SnsConfig config) {
        this(config.endpointOverride(), DefaultCredentialsProvider.builder().build(), config.timeout(), true);
    }

    /** A channel with these credentials, which stay the caller's to close. */
    public SnsChannel(Optional<URI> endpointOverride, AwsCredentialsProvider credentials, Duration timeout) {
        this(endpointOverride, credentials, timeout, false);
    }

    private SnsChannel(Optional<URI> endpointOverride, AwsCredentialsProvider credentials, Duration timeout,
                       boolean ownsCredentials) {
        this.endpointOverride = endpointOverride;
        this.credentials = credentials;
        this.timeout = timeout;
        this.ownsCredentials = ownsCredentials;
    }

    @Override
    public ChannelType type() {
        return ChannelType.SNS;
    }

    @Override
    public void deliver(Notification notification, ChannelSettings settings) throws DeliveryException {
        String topicArn = ((ChannelSettings.Sns) settings).topicArn();
        Matcher arn = topicArn == null ? null : TOPIC_ARN.matcher(topicArn);
        if (arn == null || !arn.matches()) {
            throw new DeliveryException("\"" + topicArn + "\" is not an SNS topic ARN", false);
        }
        PublishRequest.Builder request = PublishRequest.builder()
                .topicArn(topicArn)
                .subject(subject(notification))
                .message(message(notification))
                .messageAttributes(Map.of(
                        IDEMPOTENCY_KEY_ATTRIBUTE, attribute(notification.idempotencyKey()),
                        EVENT_ATTRIBUTE, attribute(notification.event().name())));
        if (topicArn.endsWith(".fifo")) {
            request.messageGroupId(String.valueOf(notification.policyId()))
                    .messageDeduplicationId(deduplicationId(notification.idempotencyKey()));
        }
        try {
            String messageId = client(arn.group(1)).publish(request.build()).messageId();
            LOG.debugf("delivered %s to %s as message %s", notification.idempotencyKey(), topicArn, messageId);
        } catch (SdkException e) {
            throw new DeliveryException("SNS Publish to " + topicArn + " failed: " + AwsErrors.describe(e),
                    AwsErrors.retryable(e), e);
        }
    }

    @Override
    public List<Violation> validate(ChannelSettings settings) {
        String topicArn = ((ChannelSettings.Sns) settings).topicArn();
        if (topicArn == null || topicArn.isBlank()) {
            return List.of(new Violation("channel.topicArn", "is required; give the ARN of an SNS topic, e.g. "
                    + "arn:aws:sns:us-east-1:123456789012:backup-alerts"));
        }
        if (!TOPIC_ARN.matcher(topicArn).matches()) {
            return List.of(new Violation("channel.topicArn", "\"" + topicArn + "\" is not an SNS topic ARN; use "
                    + "e.g. arn:aws:sns:us-east-1:123456789012:backup-alerts (or a FIFO topic ending in .fifo)"));
        }
        return List.of();
    }

    /**
     * The subject as SNS takes it: ASCII letters, digits, punctuation and spaces only (accents are dropped, any
     * other character becomes {@code ?}, line breaks and tabs become spaces), starting with a letter, digit or
     * punctuation, at most {@value #MAX_SUBJECT} characters; the event's name when nothing is left.
     */
    static String subject(Notification notification) {
        String text = notification.subject() == null ? "" : notification.subject();
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        StringBuilder subject = new StringBuilder(Math.min(plain.length(), MAX_SUBJECT));
        for (int i = 0; i < plain.length() && subject.length() < MAX_SUBJECT; ) {
            int c = plain.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                if (subject.length() > 0 && subject.charAt(subject.length() - 1) != ' ') {
                    subject.append(' ');
                }
            } else {
                subject.append(c >= 0x21 && c <= 0x7e ? (char) c : '?');
            }
        }
        String result = subject.toString().strip();
        return result.isEmpty() ? notification.event().name() : result;
    }

    /** The text, cut (at a character) to what SNS takes. */
    static String message(Notification notification) {
        String text = notification.text() == null || notification.text().isBlank()
                ? notification.subject() : notification.text();
        if (text.getBytes(StandardCharsets.UTF_8).length <= MAX_MESSAGE_BYTES) {
            return text;
        }
        String note = "\n(cut: the message was longer than SNS takes)";
        int bytes = 0;
        int end = 0;
        int budget = MAX_MESSAGE_BYTES - note.length();
        while (end < text.length()) {
            int c = text.codePointAt(end);
            int size = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > budget) {
                break;
            }
            bytes += size;
            end += Character.charCount(c);
        }
        return text.substring(0, end) + note;
    }

    /** The lowercase hex SHA-256 of the key: 64 characters of the set SNS allows, whatever the key holds. */
    static String deduplicationId(String idempotencyKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(idempotencyKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static MessageAttributeValue attribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private SnsClient client(String region) {
        return clients.computeIfAbsent(region, r -> {
            var builder = SnsClient.builder()
                    .region(Region.of(r))
                    .credentialsProvider(credentials)
                    .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout)
                            .build())
                    .overrideConfiguration(c -> c.apiCallTimeout(timeout));
            endpointOverride.ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    /** Closes the clients (and the default credentials chain, when this channel made it). */
    @PreDestroy
    @Override
    public void close() {
        clients.values().forEach(SnsClient::close);
        clients.clear();
        if (ownsCredentials && credentials instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
    }
}
