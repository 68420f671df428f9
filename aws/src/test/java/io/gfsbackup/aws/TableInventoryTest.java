package io.gfsbackup.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.gfsbackup.aws.Moto.TestClock;
import io.gfsbackup.aws.TableInventory.Snapshot;
import io.gfsbackup.aws.TableInventory.Table;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.deploy.infra.MotoServer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** The inventory against a real moto: tables and tags in pages, per account and region, cached by age. */
class TableInventoryTest {

    static final AwsAccount OTHER = new AwsAccount("222222222222", "arn:aws:iam::222222222222:role/gfs-backup",
            "external-1");

    static MotoServer moto;
    static DynamoDbClient own;
    static ApiLimits limits;
    static AwsClients clients;
    static TestClock clock = new TestClock(Instant.parse("2026-03-01T00:00:00Z"));

    @BeforeAll
    static void start() {
        moto = Moto.shared();
        own = Moto.ownClient(moto);
        limits = ApiLimits.none();
        clients = new AwsClients(own, "inventory-test", limits);
    }

    @AfterAll
    static void stop() {
        clients.close();
        own.close();
    }

    @Test
    void listsEveryTableOfTheScopeWithItsTagsAndTheArnsOfTheAccount() {
        String region = "eu-west-1";
        DynamoDbClient dynamo = clients.dynamoDb(null, region);
        String taggedArn = Moto.createTable(dynamo, "orders", Map.of("backup", "daily", "team", "shop"));
        Moto.createTable(dynamo, "plain", Map.of());
        Moto.createTable(clients.dynamoDb(null, "eu-central-1"), "elsewhere", Map.of());

        Snapshot snapshot = new TableInventory(clients, java.util.Optional.empty(), clock)
                .snapshot(null, region, Duration.ofMinutes(15));

        assertThat(snapshot.tables()).extracting(Table::name).containsExactly("orders", "plain");
        assertThat(snapshot.tables().get(0).tags()).isEqualTo(Map.of("backup", "daily", "team", "shop"));
        assertThat(snapshot.tables().get(0).arn()).isEqualTo(taggedArn);
        assertThat(snapshot.tables().get(1).tags()).isEmpty();
        assertThat(snapshot.tables().get(1).arn())
                .isEqualTo("arn:aws:dynamodb:eu-west-1:" + MotoServer.ACCOUNT_ID + ":table/plain");
        assertThat(snapshot.tables().get(1).ref().accountId()).isEqualTo(MotoServer.ACCOUNT_ID);
        assertThat(snapshot.accountId()).isEqualTo(MotoServer.ACCOUNT_ID);
        assertThat(snapshot.readAt()).isEqualTo(clock.instant());
    }

    @Test
    void anotherAccountIsReadWithItsAssumedRoleAndItsTablesCarryItsAccount() {
        String region = "ap-southeast-2";
        DynamoDbClient theirs = clients.dynamoDb(OTHER, region);
        Moto.createTable(theirs, "ledger", Map.of("backup", "daily"));
        Moto.createTable(theirs, "cache", Map.of());
        Moto.createTable(clients.dynamoDb(null, region), "mine", Map.of());
        TableInventory inventory = new TableInventory(clients, java.util.Optional.empty(), clock);

        Snapshot snapshot = inventory.snapshot(OTHER, region, Duration.ofMinutes(15));

        assertThat(snapshot.tables()).extracting(Table::arn).containsExactly(
                "arn:aws:dynamodb:ap-southeast-2:222222222222:table/cache",
                "arn:aws:dynamodb:ap-southeast-2:222222222222:table/ledger");
        assertThat(snapshot.tables().get(1).tags()).isEqualTo(Map.of("backup", "daily"));
        assertThat(snapshot.accountId()).isEqualTo("222222222222");
        assertThat(inventory.snapshot(null, region, Duration.ofMinutes(15)).tables()).extracting(Table::arn)
                .containsExactly("arn:aws:dynamodb:ap-southeast-2:" + MotoServer.ACCOUNT_ID + ":table/mine");
    }

    @Test
    void aRefreshOfManyTablesTakesAPageOfEachCallPerHundredTablesNotACallPerTable() {
        String region = "us-west-2";
        DynamoDbClient dynamo = clients.dynamoDb(null, region);
        for (int i = 0; i < 190; i++) {
            Moto.createTable(dynamo, String.format("tagged-%03d", i), Map.of("backup", i % 2 == 0 ? "daily" : "no"));
        }
        for (int i = 0; i < 20; i++) {
            Moto.createTable(dynamo, String.format("untagged-%03d", i), Map.of());
        }
        TableInventory inventory = new TableInventory(clients, java.util.Optional.of(MotoServer.ACCOUNT_ID), clock);
        long listTables = limits.calls(AwsOperation.LIST_TABLES);
        long getResources = limits.calls(AwsOperation.GET_RESOURCES);
        long identity = limits.calls(AwsOperation.GET_CALLER_IDENTITY);

        Snapshot snapshot = inventory.refresh(null, region);

        assertThat(snapshot.tables()).hasSize(210);
        assertThat(snapshot.tables().stream().filter(t -> "daily".equals(t.tags().get("backup")))).hasSize(95);
        // 210 names: three pages; 190 tagged tables: two pages (moto closes a page at 100 tags, so 99 tables)
        assertThat(limits.calls(AwsOperation.LIST_TABLES) - listTables).isEqualTo(3);
        assertThat(limits.calls(AwsOperation.GET_RESOURCES) - getResources).isEqualTo(2);
        assertThat(limits.calls(AwsOperation.GET_CALLER_IDENTITY) - identity).as("the account id was configured")
                .isZero();
        assertThat(limits.calls(AwsOperation.LIST_TAGS_OF_RESOURCE)).isZero();
    }

    @Test
    void aSnapshotIsReadAgainOnlyWhenOlderThanTheAgeTheCallerAccepts() {
        String region = "eu-north-1";
        DynamoDbClient dynamo = clients.dynamoDb(null, region);
        Moto.createTable(dynamo, "first", Map.of());
        TableInventory inventory = new TableInventory(clients, java.util.Optional.empty(), clock);
        Duration maxAge = Duration.ofMinutes(15);
        Instant firstRead = inventory.snapshot(null, region, maxAge).readAt();

        String arn = Moto.createTable(dynamo, "second", Map.of());
        clock.advance(Duration.ofMinutes(15));
        assertThat(inventory.snapshot(null, region, maxAge).tables()).extracting(Table::name)
                .containsExactly("first");
        assertThat(inventory.snapshot(null, region, maxAge).readAt()).isEqualTo(firstRead);

        clock.advance(Duration.ofSeconds(1));
        assertThat(inventory.snapshot(null, region, maxAge).tables()).extracting(Table::name)
                .containsExactly("first", "second");

        // retagged: the next refresh has the new tags
        dynamo.tagResource(b -> b.resourceArn(arn).tags(Tag.builder().key("backup").value("daily").build()));
        assertThat(inventory.snapshot(null, region, maxAge).tables().get(1).tags()).isEmpty();
        assertThat(inventory.refresh(null, region).tables().get(1).tags()).isEqualTo(Map.of("backup", "daily"));
        assertThat(inventory.size()).isEqualTo(2);
        assertThat(inventory.oldest()).isZero();
        clock.advance(Duration.ofMinutes(3));
        assertThat(inventory.oldest()).isEqualTo(Duration.ofMinutes(3));

        // deleted: gone from the next read, so no policy selects it any more
        dynamo.deleteTable(b -> b.tableName("first"));
        assertThat(inventory.refresh(null, region).tables()).extracting(Table::name).containsExactly("second");
    }

    @Test
    void callersThatFindAScopeStaleTogetherShareOneRefresh() throws Exception {
        String region = "ca-central-1";
        Moto.createTable(clients.dynamoDb(null, region), "shared", Map.of());
        TableInventory inventory = new TableInventory(clients, java.util.Optional.of(MotoServer.ACCOUNT_ID), clock);
        long before = limits.calls(AwsOperation.LIST_TABLES);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Snapshot>> snapshots = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                snapshots.add(threads.submit(() -> {
                    go.await();
                    return inventory.snapshot(null, region, Duration.ZERO);
                }));
            }
            go.countDown();
            for (Future<Snapshot> snapshot : snapshots) {
                assertThat(snapshot.get(30, TimeUnit.SECONDS).tables()).extracting(Table::name)
                        .containsExactly("shared");
            }
        } finally {
            threads.shutdownNow();
        }
        // the clock stood still: the first refresh is fresh enough for everyone who waited for it
        assertThat(limits.calls(AwsOperation.LIST_TABLES) - before).isEqualTo(1);
    }
}
