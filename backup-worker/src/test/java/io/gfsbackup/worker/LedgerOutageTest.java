package io.gfsbackup.worker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.worker.persistence.DynamoDbLedger;
import io.gfsbackup.worker.support.Dues;
import io.gfsbackup.worker.support.KafkaTopics;
import io.gfsbackup.worker.support.Tables;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A ledger table that goes missing stops the worker (readiness DOWN, dues wait) instead of dead-lettering every
 * due; once the table is back, the waiting due gets its backup and its outcome.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
class LedgerOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "gfs.worker.ledger.table")
    String ledgerTable;

    @Inject
    DynamoDbClient dynamo;

    @Test
    void aMissingLedgerMakesDuesWaitNotGoToTheDlqAndTheyCompleteOnceItIsBack() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("ledger-outage"));
        dynamo.deleteTable(b -> b.tableName(ledgerTable));
        try {
            BackupDue due = Dues.due(UUID.randomUUID(), table, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                    Duration.ofHours(1));
            KafkaTopics.send(bootstrap, Topics.BACKUP_DUE, table.arn(), Messages.toJson(due));

            given().when().get("/q/health/ready").then().statusCode(503);
            assertThat(KafkaTopics.read(bootstrap, Topics.dlq(Topics.BACKUP_DUE), r -> table.arn().equals(r.key()), 1,
                    Duration.ofSeconds(8))).isEmpty();
            assertThat(Tables.backups(dynamo, table.name())).isEmpty();
        } finally {
            new DynamoDbLedger(dynamo, ledgerTable).ensureTable();
        }

        assertThat(KafkaTopics.read(bootstrap, Topics.BACKUP_EVENTS, r -> KafkaTopics.isOutcome(r) && table.arn().equals(r.key()), 1, WAIT))
                .singleElement().satisfies(r -> assertThat(Messages.parse(r.value())).isInstanceOf(BackupCreated.class));
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}
