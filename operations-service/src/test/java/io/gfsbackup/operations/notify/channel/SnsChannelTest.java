package io.gfsbackup.operations.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.gfsbackup.deploy.infra.MotoServer;
import io.gfsbackup.deploy.testing.SharedInfrastructure;
import io.gfsbackup.operations.notify.Notification;
import io.gfsbackup.operations.notify.NotificationEvent;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The SNS channel against SNS in a real moto server, read back through an SQS queue subscribed to the topic (raw
 * message delivery off: the queue receives SNS's JSON envelope with Subject, Message and MessageAttributes).
 */
class SnsChannelTest {

    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY));
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SnsClient sns;
    private static SqsClient sqs;
    private static SnsChannel channel;

    @BeforeAll
    static void start() {
        URI moto = SharedInfrastructure.moto().endpoint();
        sns = SnsClient.builder().endpointOverride(moto).region(Region.of(MotoServer.REGION))
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
        sqs = SqsClient.builder().endpointOverride(moto).region(Region.of(MotoServer.REGION))
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
        channel = new SnsChannel(Optional.of(moto), CREDENTIALS, Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        channel.close();
        sns.close();
        sqs.close();
    }

    @Test
    void publishesTheSubjectTheTextAndTheIdempotencyKeyAndEventAsAttributes() throws Exception {
        String topicArn = sns.createTopic(b -> b.name(unique("alerts"))).topicArn();
        String queueUrl = subscribedQueue(topicArn, false);
        Notification notification = Notifications.backupFailed();

        channel.deliver(notification, new ChannelSettings.Sns(topicArn));

        JsonNode envelope = JSON.readTree(receiveOne(queueUrl).body());
        assertThat(envelope.get("Type").asText()).isEqualTo("Notification");
        assertThat(envelope.get("TopicArn").asText()).isEqualTo(topicArn);
        assertThat(envelope.get("Subject").asText()).isEqualTo(notification.subject());
        assertThat(envelope.get("Message").asText()).isEqualTo(notification.text());
        JsonNode attributes = envelope.get("MessageAttributes");
        assertThat(attributes.get("idempotency_key").get("Type").asText()).isEqualTo("String");
        assertThat(attributes.get("idempotency_key").get("Value").asText()).isEqualTo(notification.idempotencyKey());
        assertThat(attributes.get("event").get("Value").asText()).isEqualTo("BACKUP_FAILED");
    }

    @Test
    void aSubjectIsMadeFitForSnsPrintableAsciiOnOneLineOfAtMost100Characters() throws Exception {
        String topicArn = sns.createTopic(b -> b.name(unique("alerts"))).topicArn();
        String queueUrl = subscribedQueue(topicArn, false);
        String subject = "Sicherung für „orders“ fehlgeschlagen ☃\nzweite Zeile " + "x".repeat(150);
        Notification notification = new Notification("k-subject", NotificationEvent.BACKUP_FAILED,
                Notifications.POLICY_ID, "orders-gfs", Notifications.SLOT, subject, "text",
                List.of(new Notification.TableLine(Notifications.ORDERS, "failed")), Notifications.OCCURRED_AT);

        channel.deliver(notification, new ChannelSettings.Sns(topicArn));

        String published = JSON.readTree(receiveOne(queueUrl).body()).get("Subject").asText();
        assertThat(published).matches("[\\x21-\\x7e][\\x20-\\x7e]{0,99}")
                .startsWith("Sicherung fur ?orders? fehlgeschlagen ? zweite Zeile xxx");
        assertThat(published).hasSize(100);
    }

    @Test
    void onAFifoTopicTheGroupIsThePolicyAndTheDeduplicationIdAHashOfTheKeySoADuplicateIsDropped() throws Exception {
        String topicArn = sns.createTopic(b -> b.name(unique("alerts") + ".fifo")
                .attributes(Map.of("FifoTopic", "true"))).topicArn();
        String queueUrl = subscribedQueue(topicArn, true);
        Notification notification = Notifications.backupFailed("k-fifo-" + UUID.randomUUID());

        channel.deliver(notification, new ChannelSettings.Sns(topicArn));
        channel.deliver(notification, new ChannelSettings.Sns(topicArn));

        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID,
                        MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)).messages();
        assertThat(messages).hasSize(1);
        Map<MessageSystemAttributeName, String> system = messages.get(0).attributes();
        assertThat(system.get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                .isEqualTo(Notifications.POLICY_ID.toString());
        assertThat(system.get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
                .isEqualTo(sha256(notification.idempotencyKey())).hasSizeLessThanOrEqualTo(128);
        assertThat(JSON.readTree(messages.get(0).body()).get("Message").asText()).isEqualTo(notification.text());
    }

    @Test
    void aTopicThatDoesNotExistIsPermanent() {
        String topicArn = "arn:aws:sns:us-east-1:" + MotoServer.ACCOUNT_ID + ":" + unique("missing");

        DeliveryException failure = catchThrowableOfType(DeliveryException.class,
                () -> channel.deliver(Notifications.backupFailed(), new ChannelSettings.Sns(topicArn)));

        assertThat(failure.transientFailure()).isFalse();
        assertThat(failure.getMessage()).contains(topicArn).contains("NotFound");
    }

    @Test
    void snsThatCannotBeReachedIsTransient() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (SnsChannel away = new SnsChannel(Optional.of(URI.create("http://127.0.0.1:" + closedPort)),
                CREDENTIALS, Duration.ofSeconds(3))) {
            DeliveryException failure = catchThrowableOfType(DeliveryException.class, () -> away.deliver(
                    Notifications.backupFailed(), new ChannelSettings.Sns(
                            "arn:aws:sns:us-east-1:" + MotoServer.ACCOUNT_ID + ":alerts")));

            assertThat(failure.transientFailure()).isTrue();
        }
    }

    @Test
    void anArnThatIsNotATopicArnIsRefusedWithoutACall() {
        DeliveryException failure = catchThrowableOfType(DeliveryException.class,
                () -> channel.deliver(Notifications.backupFailed(), new ChannelSettings.Sns("alerts")));

        assertThat(failure.transientFailure()).isFalse();
        assertThat(channel.validate(new ChannelSettings.Sns("arn:aws:sqs:us-east-1:123456789012:alerts")))
                .singleElement().satisfies(v -> assertThat(v.field()).isEqualTo("channel.topicArn"));
        assertThat(channel.validate(new ChannelSettings.Sns("arn:aws:sns:eu-central-1:123456789012:alerts.fifo")))
                .isEmpty();
    }

    /** A queue subscribed to {@code topicArn}, raw message delivery off; its URL. */
    private static String subscribedQueue(String topicArn, boolean fifo) {
        String name = unique("inbox") + (fifo ? ".fifo" : "");
        String queueUrl = sqs.createQueue(b -> b.queueName(name).attributes(fifo
                ? Map.of(QueueAttributeName.FIFO_QUEUE, "true") : Map.of())).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
        return queueUrl;
    }

    private static Message receiveOne(String queueUrl) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(1)).messages();
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
