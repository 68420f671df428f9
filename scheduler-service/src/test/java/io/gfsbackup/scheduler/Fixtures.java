package io.gfsbackup.scheduler;

import java.util.Map;
import java.util.UUID;

import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.PolicyJson;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** Policies and tables for the tests, each with names of its own. */
final class Fixtures {

    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";

    private Fixtures() {
    }

    /** A unique prefix for a test's tables. */
    static String prefix(String test) {
        return test + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A policy read from section-1 JSON (validated), e.g. {@code policy("UTC", tablesJson, scheduleJson, true)}. */
    static BackupPolicy policy(String zone, String selectionJson, String scheduleJson, boolean enabled) {
        String json = """
                {"name": "test-%s", "enabled": %s, "timeZone": "%s",
                 "selection": %s,
                 "schedule": %s,
                 "startWindow": "PT1H"}
                """.formatted(UUID.randomUUID(), enabled, zone, selectionJson, scheduleJson);
        return PolicyJson.read(json).value();
    }

    /** Daily at the given times (e.g. {@code "\"01:00\", \"02:00\""}), kept three days, on the named tables. */
    static BackupPolicy daily(String times, String... tables) {
        return policy("UTC", "{\"region\": \"us-east-1\", \"tables\": [" + quoted(tables) + "]}",
                "{\"daily\": {\"times\": [" + times + "], \"keep\": \"P3D\"}}", true);
    }

    static String quoted(String... names) {
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            out.append(out.isEmpty() ? "" : ", ").append('"').append(name).append('"');
        }
        return out.toString();
    }

    /** Creates a table (on-demand, key {@code pk}) with these tags; returns its ARN. */
    static String createTable(DynamoDbClient dynamo, String name, Map<String, String> tags) {
        return dynamo.createTable(b -> {
            b.tableName(name)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                        .attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST);
            if (!tags.isEmpty()) {
                b.tags(tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                        .toList());
            }
        }).tableDescription().tableArn();
    }

    static String arn(String table) {
        return "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + table;
    }
}
