package io.gfsbackup.retention.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.gfsbackup.deploy.infra.MotoServer;
import io.gfsbackup.deploy.testing.SharedInfrastructure;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Outside dev and test the retention service never creates the legal-hold table; a missing one fails its start
 * ({@code HoldTableSetup} calls {@link LegalHoldTable#verifyTable()}), naming the table.
 */
class LegalHoldTableTest {

    private static DynamoDbClient dynamo;

    @BeforeAll
    static void connect() {
        MotoServer moto = SharedInfrastructure.moto();
        dynamo = DynamoDbClient.builder().endpointOverride(moto.endpoint()).region(Region.of(MotoServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void disconnect() {
        dynamo.close();
    }

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
