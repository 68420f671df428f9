package io.gfsbackup.operations.support;

import java.util.Map;

import io.gfsbackup.contracts.messages.TableRef;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** Tables in the test's moto server, made with the SDK as an account's owner would make them. */
public final class MotoTables {

    private final DynamoDbClient dynamoDb;

    public MotoTables(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    /** Creates the table (with {@code tags}, set by TagResource) and returns it as messages name it. */
    public TableRef create(String name, Map<String, String> tags) {
        String arn = dynamoDb.createTable(b -> b.tableName(name)
                        .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                        .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
                                .attributeType(ScalarAttributeType.S).build())
                        .billingMode(BillingMode.PAY_PER_REQUEST))
                .tableDescription().tableArn();
        if (!tags.isEmpty()) {
            dynamoDb.tagResource(b -> b.resourceArn(arn).tags(tags.entrySet().stream()
                    .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toList()));
        }
        return TableRef.fromArn(arn);
    }

    public TableRef create(String name) {
        return create(name, Map.of());
    }

    public void enablePointInTimeRecovery(TableRef table) {
        dynamoDb.updateContinuousBackups(b -> b.tableName(table.name())
                .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true)));
    }

    public void delete(TableRef table) {
        dynamoDb.deleteTable(b -> b.tableName(table.name()));
    }
}
