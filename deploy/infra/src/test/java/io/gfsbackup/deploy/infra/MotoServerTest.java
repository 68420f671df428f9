package io.gfsbackup.deploy.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateBackupResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** The DynamoDB operations the product relies on, against a real moto server. */
class MotoServerTest {

    static MotoServer moto;
    static DynamoDbClient dynamo;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        dynamo = DynamoDbClient.builder()
                .endpointOverride(moto.endpoint())
                .region(Region.of(MotoServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        moto.close();
    }

    @Test
    void aBackupOfATaggedTableRestoresToANewTableWithItsItemsAndCanBeDeleted() {
        String tableArn = dynamo.createTable(b -> b.tableName("orders")
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
                        .attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)).tableDescription().tableArn();
        for (String id : List.of("o-1", "o-2", "o-3")) {
            dynamo.putItem(b -> b.tableName("orders").item(Map.of(
                    "id", AttributeValue.fromS(id), "total", AttributeValue.fromN("42"))));
        }
        dynamo.tagResource(b -> b.resourceArn(tableArn).tags(Tag.builder().key("backup").value("daily").build()));
        assertThat(dynamo.listTagsOfResource(b -> b.resourceArn(tableArn)).tags())
                .containsExactly(Tag.builder().key("backup").value("daily").build());

        CreateBackupResponse created = dynamo.createBackup(b -> b.tableName("orders")
                .backupName("orders-20260105T070000Z-1a2b3c4d"));
        String backupArn = created.backupDetails().backupArn();
        assertThat(dynamo.describeBackup(b -> b.backupArn(backupArn)).backupDescription().backupDetails()
                .backupStatus()).isEqualTo(BackupStatus.AVAILABLE);
        assertThat(dynamo.listBackups(b -> b.tableName("orders")).backupSummaries())
                .extracting(BackupSummary::backupArn).containsExactly(backupArn);

        dynamo.deleteItem(b -> b.tableName("orders").key(Map.of("id", AttributeValue.fromS("o-2"))));
        dynamo.restoreTableFromBackup(b -> b.backupArn(backupArn).targetTableName("orders-restored"));
        List<Map<String, AttributeValue>> restored = dynamo.scan(b -> b.tableName("orders-restored")).items();
        assertThat(restored).extracting(item -> item.get("id").s()).containsExactlyInAnyOrder("o-1", "o-2", "o-3");

        dynamo.deleteBackup(b -> b.backupArn(backupArn));
        assertThat(dynamo.listBackups(b -> b.tableName("orders")).backupSummaries()).isEmpty();
    }
}
