package io.gfsbackup.worker.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.deploy.infra.MotoServer;
import io.gfsbackup.worker.support.Dues;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Outside dev and test the worker never creates its ledger; a missing one fails its start, naming the table. */
class LedgerTableTest {

    private static MotoServer moto;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        dynamo = DynamoDbClient.builder().endpointOverride(moto.endpoint()).region(Region.of(MotoServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stopMoto() {
        dynamo.close();
        moto.close();
    }

    @Test
    void aRestoreLeaseIsTakenOnlyOnACreatedPointAndALiveOneKeepsItsDeletionFromStartingUntilReleased() {
        DynamoDbLedger ledger = new DynamoDbLedger(dynamo, "ledger-" + UUID.randomUUID());
        ledger.ensureTable();
        DueSlot due = Dues.due(UUID.randomUUID(), Dues.table("orders"), Instant.parse("2026-03-02T22:00:00Z"),
                Duration.ofHours(1)).due();
        UUID restore = UUID.randomUUID();
        Instant now = Instant.now();
        Instant lease = now.plusSeconds(30);
        assertThat(ledger.addRestoreLease(due.dueId(), restore, lease)).isEqualTo(PointLease.NO_ENTRY);
        assertThat(ledger.find(due.dueId())).as("no entry made by the refused lease").isEmpty();
        LedgerEntry claimed = LedgerEntry.claimed(due, "w1", lease);
        ledger.claim(claimed);
        assertThat(ledger.addRestoreLease(due.dueId(), restore, lease)).isEqualTo(PointLease.NOT_CREATED);
        LedgerEntry created = claimed.created("arn:backup/01", "orders-01", 1, now, 1, now);
        assertThat(ledger.complete(created, "w1")).isTrue();

        assertThat(ledger.addRestoreLease(due.dueId(), restore, lease)).isEqualTo(PointLease.ADDED);
        assertThat(ledger.addRestoreLease(due.dueId(), UUID.randomUUID(), now.minusSeconds(1)))
                .isEqualTo(PointLease.ADDED);
        assertThat(ledger.startDeletion(due.dueId(), now)).as("only the live lease counts")
                .containsExactly(Map.entry(restore, lease));
        assertThat(ledger.renewRestoreLease(due.dueId(), restore, lease.plusSeconds(10))).isTrue();
        assertThat(ledger.startDeletion(due.dueId(), lease.plusSeconds(5))).containsKey(restore);
        assertThat(ledger.find(due.dueId()).orElseThrow().state()).isEqualTo(LedgerState.CREATED);

        ledger.releaseRestoreLease(due.dueId(), restore);
        assertThat(ledger.renewRestoreLease(due.dueId(), restore, lease)).isFalse();
        assertThat(ledger.startDeletion(due.dueId(), now)).as("the deletion starts").isEmpty();
        assertThat(ledger.addRestoreLease(due.dueId(), UUID.randomUUID(), lease))
                .isEqualTo(PointLease.DELETION_STARTED);
        assertThat(ledger.markDeleted(created.deleted(now, false))).isTrue();
        assertThat(ledger.addRestoreLease(due.dueId(), UUID.randomUUID(), lease)).isEqualTo(PointLease.DELETED);
    }

    @Test
    void aMissingLedgerFailsTheStartNamingTheTableAndIsNotCreated() {
        String name = "ledger-" + UUID.randomUUID();
        DynamoDbLedger ledger = new DynamoDbLedger(dynamo, name);

        assertThatThrownBy(ledger::verifyTable).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the ledger table " + name + " does not exist")
                .hasMessageContaining("point-in-time recovery and deletion protection");
        assertThat(dynamo.listTables().tableNames()).doesNotContain(name);
    }

    @Test
    void onlyDevAndTestCreateTheLedgerByDefault() throws Exception {
        java.util.Properties shipped = new java.util.Properties();
        try (var in = LedgerTableTest.class.getResourceAsStream("/application.properties")) {
            shipped.load(in);
        }
        assertThat(shipped.getProperty("gfs.worker.ledger.create-if-missing")).isEqualTo("false");
        assertThat(shipped.getProperty("%dev.gfs.worker.ledger.create-if-missing")).isEqualTo("true");
        assertThat(shipped.getProperty("%test.gfs.worker.ledger.create-if-missing")).isEqualTo("true");
        assertThat(shipped.stringPropertyNames().stream().filter(key -> key.endsWith("ledger.create-if-missing")))
                .containsExactlyInAnyOrder("gfs.worker.ledger.create-if-missing",
                        "%dev.gfs.worker.ledger.create-if-missing", "%test.gfs.worker.ledger.create-if-missing");
    }

    @Test
    void aMissingHoldTableFailsTheStartNamingTheTableAndOnlyDevAndTestCreateIt() throws Exception {
        String name = "holds-" + UUID.randomUUID();
        DynamoDbLegalHolds holds = new DynamoDbLegalHolds(dynamo, name);

        assertThatThrownBy(holds::verifyTable).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the legal-hold table " + name + " does not exist");
        assertThat(dynamo.listTables().tableNames()).doesNotContain(name);

        java.util.Properties shipped = new java.util.Properties();
        try (var in = LedgerTableTest.class.getResourceAsStream("/application.properties")) {
            shipped.load(in);
        }
        assertThat(shipped.getProperty("gfs.worker.holds.create-if-missing")).isEqualTo("false");
        assertThat(shipped.stringPropertyNames().stream().filter(key -> key.endsWith("holds.create-if-missing")))
                .containsExactlyInAnyOrder("gfs.worker.holds.create-if-missing",
                        "%dev.gfs.worker.holds.create-if-missing", "%test.gfs.worker.holds.create-if-missing");
    }

    @Test
    void theTermsOfADueAndACreatingBackupSurviveTheLedgerAndChangesAreConditional() {
        String name = "ledger-" + UUID.randomUUID();
        DynamoDbLedger ledger = new DynamoDbLedger(dynamo, name);
        ledger.ensureTable();
        DueSlot due = Dues.due(UUID.randomUUID(), Dues.table("orders"), Instant.parse("2026-03-02T07:00:00Z"),
                Duration.ofHours(1)).due();
        LedgerEntry claimed = LedgerEntry.claimed(due, "me", Instant.parse("2026-03-02T07:01:00Z"));
        assertThat(ledger.claim(claimed)).isTrue();
        assertThat(ledger.find(due.dueId())).contains(claimed);
        assertThat(claimed.terms().earliestExpiry(due.slot())).isEqualTo(due.slot().plus(Duration.ofDays(28)));
        DueTerms read = ledger.find(due.dueId()).orElseThrow().terms();
        assertThat(read.startWindowEnd()).as("what a lost slot needs to be recorded again")
                .isEqualTo(due.slot().plus(Duration.ofHours(1)));
        assertThat(read.carryDeadlines()).isEqualTo(Map.of(Tier.W, due.slot().plus(Duration.ofDays(7))))
                .isEqualTo(due.carryDeadlines());

        LedgerEntry creating = claimed.creating("arn:backup/1", "orders-backup", due.slot(), 1);
        assertThat(ledger.complete(creating, "me")).isTrue();
        assertThat(ledger.find(due.dueId())).contains(creating);
        LedgerEntry created = creating.created("arn:backup/1", "orders-backup", 42, due.slot(), 1, due.slot());
        assertThat(ledger.replace(created, LedgerState.CREATING)).isTrue();
        assertThat(ledger.replace(created, LedgerState.CREATING)).as("only from CREATING").isFalse();
        assertThat(ledger.find(due.dueId()).orElseThrow().state()).isEqualTo(LedgerState.CREATED);
    }

    @Test
    void theAccountOfADueIsKeptWithItsTermsAndEntriesWithoutOneAreOfTheOwnAccount() {
        String name = "ledger-" + UUID.randomUUID();
        DynamoDbLedger ledger = new DynamoDbLedger(dynamo, name);
        ledger.ensureTable();
        Instant slot = Instant.parse("2026-03-02T07:00:00Z");
        AwsAccount withId = new AwsAccount("222222222222", "arn:aws:iam::222222222222:role/gfs-backup", "ext-1");
        AwsAccount withoutId = new AwsAccount("333333333333", "arn:aws:iam::333333333333:role/gfs-backup", null);
        for (AwsAccount account : List.of(withId, withoutId)) {
            DueSlot due = Dues.due(UUID.randomUUID(), Dues.table(Dues.REGION, account.accountId(), "orders"), slot,
                    Duration.ofHours(1), account).due();
            LedgerEntry claimed = LedgerEntry.claimed(due, "me", slot.plusSeconds(60));
            assertThat(ledger.claim(claimed)).isTrue();
            assertThat(ledger.find(due.dueId()).orElseThrow().account()).isEqualTo(account);
            assertThat(ledger.find(due.dueId())).contains(claimed);
        }

        DueSlot own = Dues.due(UUID.randomUUID(), Dues.table("orders"), slot, Duration.ofHours(1)).due();
        assertThat(ledger.claim(LedgerEntry.claimed(own, "me", slot.plusSeconds(60)))).isTrue();
        assertThat(ledger.find(own.dueId()).orElseThrow().account()).isNull();
        assertThat(ledger.find(own.dueId()).orElseThrow().terms()).isNotNull();

        DueSlot older = Dues.due(UUID.randomUUID(), Dues.table("orders"), slot, Duration.ofHours(1)).due();
        Map<String, AttributeValue> beforeTerms = new HashMap<>(
                DynamoDbLedger.toItem(LedgerEntry.claimed(older, "me", slot.plusSeconds(60))));
        beforeTerms.remove("terms");
        dynamo.putItem(b -> b.tableName(name).item(beforeTerms));
        assertThat(ledger.find(older.dueId()).orElseThrow().account()).isNull();
    }

    @Test
    void aProvisionedLedgerPassesTheCheck() {
        String name = "ledger-" + UUID.randomUUID();
        DynamoDbLedger ledger = new DynamoDbLedger(dynamo, name);
        ledger.ensureTable();

        ledger.verifyTable();
        assertThat(ledger.reachable()).isTrue();
    }
}
