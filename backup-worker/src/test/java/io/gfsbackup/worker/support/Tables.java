package io.gfsbackup.worker.support;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.gfsbackup.contracts.messages.TableRef;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Tables in moto with names of their own, so tests never meet each other's data. */
public final class Tables {

    private Tables() {
    }

    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static TableRef create(DynamoDbClient dynamo, String name) {
        String arn = dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()))
                .tableDescription().tableArn();
        return TableRef.fromArn(arn);
    }

    public static void putItem(DynamoDbClient dynamo, String table, String pk, String value) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk), "v", AttributeValue.fromS(value))));
    }

    public static List<BackupSummary> backups(DynamoDbClient dynamo, String table) {
        return dynamo.listBackups(b -> b.tableName(table)).backupSummaries();
    }
}
