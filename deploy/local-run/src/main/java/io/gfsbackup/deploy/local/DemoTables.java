package io.gfsbackup.deploy.local;

import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * The demo tables of the local run: what the demo policy selects (by name, glob and tag), one table its
 * exclude list removes and one it does not select at all, so a person can see the selection rule at work.
 */
public final class DemoTables {

    /** A demo table: its name, its tags, and whether the demo policy selects it. */
    public record DemoTable(String name, Map<String, String> tags, boolean selected) {
    }

    public static final List<DemoTable> TABLES = List.of(
            new DemoTable("orders", Map.of(), true),
            new DemoTable("order_transaction-2026", Map.of(), true),
            new DemoTable("order_transaction-scratch", Map.of(), false),
            new DemoTable("customers", Map.of("backup", "daily"), true),
            new DemoTable("sessions", Map.of("backup", "none"), false));

    private DemoTables() {
    }

    /** Creates the demo tables with a few items each; tables that already exist are left as they are. */
    public static void create(DynamoDbClient dynamo) {
        for (DemoTable table : TABLES) {
            try {
                String arn = dynamo.createTable(b -> b.tableName(table.name())
                        .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
                                .attributeType(ScalarAttributeType.S).build())
                        .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                        .billingMode(BillingMode.PAY_PER_REQUEST)).tableDescription().tableArn();
                if (!table.tags().isEmpty()) {
                    dynamo.tagResource(b -> b.resourceArn(arn).tags(table.tags().entrySet().stream()
                            .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
                }
                for (int i = 1; i <= 3; i++) {
                    String id = table.name() + "-" + i;
                    dynamo.putItem(b -> b.tableName(table.name()).item(Map.of(
                            "id", AttributeValue.fromS(id),
                            "note", AttributeValue.fromS("demo item of " + table.name()))));
                }
            } catch (ResourceInUseException alreadyThere) {
                // created by an earlier start of the same moto server
            }
        }
    }
}
