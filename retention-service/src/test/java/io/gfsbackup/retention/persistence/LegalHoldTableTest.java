package io.gfsbackup.retention.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Outside dev and test the retention service never creates the legal-hold table; a missing one fails its start
 * ({@code HoldTableSetup} calls {@link LegalHoldTable#verifyTable()}), naming the table. On the test JVM's moto,
 * through the application's DynamoDB client.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class LegalHoldTableTest {

    @Inject
    DynamoDbClient dynamo;

    @Test
    void aMissingTableFailsTheStartNamingItAndIsNotCreated() {
        String name = "holds-" + UUID.randomUUID();
        LegalHoldTable holds = new LegalHoldTable(dynamo, name);

        assertThatThrownBy(holds::verifyTable).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the legal-hold table " + name + " does not exist")
                .hasMessageContaining("point-in-time recovery and deletion protection")
                .hasMessageContaining("gfs.retention.holds.create-if-missing");
        assertThat(dynamo.listTables().tableNames()).doesNotContain(name);
    }

    @Test
    void onlyDevAndTestCreateTheTableByDefault() throws Exception {
        Properties shipped = new Properties();
        try (InputStream in = LegalHoldTableTest.class.getResourceAsStream("/application.properties")) {
            shipped.load(in);
        }
        assertThat(shipped.getProperty("gfs.retention.holds.table")).isEqualTo("gfs-backup-holds");
        assertThat(shipped.stringPropertyNames().stream().filter(key -> key.endsWith("holds.create-if-missing"))
                .map(key -> key + "=" + shipped.getProperty(key)))
                .containsExactlyInAnyOrder("gfs.retention.holds.create-if-missing=false",
                        "%dev.gfs.retention.holds.create-if-missing=true",
                        "%test.gfs.retention.holds.create-if-missing=true");
    }

    @Test
    void aProvisionedTablePassesTheCheckAndKeepsAHoldUntilItIsRemoved() {
        LegalHoldTable holds = new LegalHoldTable(dynamo, "holds-" + UUID.randomUUID());
        holds.ensureTable();
        holds.verifyTable();
        Instant slot = Instant.parse("2026-01-05T07:00:00Z");
        LegalHoldTable.Hold hold = new LegalHoldTable.Hold(UUID.randomUUID(), UUID.randomUUID(),
                "arn:aws:dynamodb:us-east-1:123456789012:table/orders", slot, "alice", "case 2026-17", slot);

        assertThat(holds.put(hold)).isEmpty();
        assertThat(holds.put(hold)).contains(hold);
        assertThat(holds.remove(hold.dueId())).contains(hold);
        assertThat(holds.remove(hold.dueId())).isEmpty();
    }
}
