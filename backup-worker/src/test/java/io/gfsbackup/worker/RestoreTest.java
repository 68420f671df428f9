package io.gfsbackup.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
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
import io.gfsbackup.worker.support.Dues;
import io.gfsbackup.worker.support.KafkaTopics;
import io.gfsbackup.worker.support.Tables;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
class RestoreTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    DynamoDbClient dynamo;

    @Test
    void aBackupThisWorkerMadeRestoresToANewTableWithTheItemsThatWereThereAtBackupTime() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("restore"));
        Tables.putItem(dynamo, table.name(), "k1", "before-1");
        Tables.putItem(dynamo, table.name(), "k2", "before-2");
        BackupDue due = Dues.due(UUID.randomUUID(), table, Instant.now().truncatedTo(ChronoUnit.SECONDS), Duration.ofHours(1));
        KafkaTopics.send(bootstrap, Topics.BACKUP_DUE, table.arn(), Messages.toJson(due));
        BackupCreated created = (BackupCreated) Messages.parse(KafkaTopics.read(bootstrap, Topics.BACKUP_EVENTS,
                r -> KafkaTopics.isOutcome(r) && table.arn().equals(r.key()), 1, Duration.ofSeconds(60)).get(0).value());
        Tables.putItem(dynamo, table.name(), "k3", "after");
        Tables.putItem(dynamo, table.name(), "k1", "changed-after");

        String restored = table.name() + "-restored";
        dynamo.restoreTableFromBackup(b -> b.backupArn(created.backupArn()).targetTableName(restored));

        List<Map<String, AttributeValue>> items = dynamo.scan(b -> b.tableName(restored).consistentRead(true)).items();
        assertThat(items).extracting(i -> i.get("pk").s() + "=" + i.get("v").s())
                .containsExactlyInAnyOrder("k1=before-1", "k2=before-2");
    }
}
