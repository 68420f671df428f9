package io.gfsbackup.worker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.deploy.infra.MotoServer;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.worker.support.Dues;
import io.gfsbackup.worker.support.KafkaTopics;
import io.gfsbackup.worker.support.LedgerMotoResource;
import io.gfsbackup.worker.support.Tables;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The ledger on a DynamoDB endpoint of its own ({@code gfs.worker.ledger.endpoint-override} pointing at a second
 * moto): a due handled end to end leaves its backup on the worker's moto and its ledger entry only on the second.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
@WithTestResource(LedgerMotoResource.class)
@TestProfile(LedgerElsewhereTest.LedgerElsewhere.class)
class LedgerElsewhereTest {

    /** A ledger table name no other test uses, so that its absence from the shared moto means something. */
    static final String LEDGER_TABLE = "gfs-backup-ledger-elsewhere";

    public static class LedgerElsewhere implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gfs.worker.ledger.table", LEDGER_TABLE);
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "gfs.worker.ledger.endpoint-override")
    URI ledgerEndpoint;

    @ConfigProperty(name = "quarkus.dynamodb.endpoint-override")
    URI homeEndpoint;

    @Inject
    DynamoDbClient dynamo;

    /** A client of the test's own for the second moto: what is there is checked without the worker's help. */
    private DynamoDbClient ledgerMoto() {
        return DynamoDbClient.builder().endpointOverride(ledgerEndpoint).region(Region.of(MotoServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void aDueMakesItsBackupOnTheWorkersEndpointAndItsLedgerEntryOnlyOnTheLedgersEndpoint() {
        assertThat(ledgerEndpoint).as("the two moto servers").isNotEqualTo(homeEndpoint);
        TableRef table = Tables.create(dynamo, Tables.uniqueName("elsewhere"));
        BackupDue due = Dues.due(UUID.randomUUID(), table, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                Duration.ofHours(1));

        KafkaTopics.send(bootstrap, Topics.BACKUP_DUE, table.arn(), Messages.toJson(due));
        List<Message> outcomes = KafkaTopics.read(bootstrap, Topics.BACKUP_EVENTS, r -> KafkaTopics.isOutcome(r) && table.arn().equals(r.key()),
                1, Duration.ofSeconds(60)).stream().map(ConsumerRecord::value).map(Messages::parse).toList();

        assertThat(outcomes).singleElement().isInstanceOf(BackupCreated.class);
        BackupCreated created = (BackupCreated) outcomes.get(0);
        assertThat(Tables.backups(dynamo, table.name())).singleElement()
                .satisfies(b -> assertThat(b.backupArn()).isEqualTo(created.backupArn()));
        try (DynamoDbClient ledgerMoto = ledgerMoto()) {
            Map<String, AttributeValue> entry = ledgerMoto.getItem(b -> b.tableName(LEDGER_TABLE).consistentRead(true)
                    .key(Map.of("dueId", AttributeValue.fromS(due.id().toString())))).item();
            assertThat(entry).as("the ledger entry on the ledger's moto").isNotEmpty();
            assertThat(entry.get("state").s()).isEqualTo("CREATED");
            assertThat(entry.get("backupArn").s()).isEqualTo(created.backupArn());
            assertThat(ledgerMoto.listTables().tableNames()).as("tables on the ledger's moto: it and the hold table")
                    .containsExactlyInAnyOrder(LEDGER_TABLE, "gfs-backup-holds");
        }
        assertThatThrownBy(() -> dynamo.describeTable(b -> b.tableName(LEDGER_TABLE)))
                .as("the ledger table on the worker's moto").isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void readinessChecksTheLedgerThroughItsOwnClientAndSaysWhere() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.find { it.name == 'DynamoDB ledger' }.status", is("UP"))
                .body("checks.find { it.name == 'DynamoDB ledger' }.data.ledger",
                        containsString("endpoint " + ledgerEndpoint))
                .body("checks.name", hasItem("DynamoDB ledger"));
    }
}
