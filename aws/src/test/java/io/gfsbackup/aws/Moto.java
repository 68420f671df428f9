package io.gfsbackup.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import io.gfsbackup.deploy.infra.MotoServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** The moto server of a test class, a client of its own account, tables, and a clock the test moves. */
final class Moto {

    private static MotoServer shared;

    private Moto() {
    }

    /** One moto server for the test JVM, started on first use and stopped when the JVM exits. */
    static synchronized MotoServer shared() {
        if (shared == null) {
            shared = MotoServer.start();
            MotoServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-moto"));
        }
        return shared;
    }

    static DynamoDbClient ownClient(MotoServer moto) {
        return DynamoDbClient.builder()
                .endpointOverride(moto.endpoint())
                .region(Region.of(MotoServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static String createTable(DynamoDbClient dynamo, String name, Map<String, String> tags) {
        return dynamo.createTable(b -> {
            b.tableName(name)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST);
            if (!tags.isEmpty()) {
                b.tags(tags.entrySet().stream()
                        .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList());
            }
        }).tableDescription().tableArn();
    }

    /** A clock that stands still until the test moves it. */
    static final class TestClock extends Clock {

        private volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
