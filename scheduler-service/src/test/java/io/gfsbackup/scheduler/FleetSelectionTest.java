package io.gfsbackup.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gfsbackup.aws.ApiLimits;
import io.gfsbackup.aws.AwsClients;
import io.gfsbackup.aws.AwsOperation;
import io.gfsbackup.aws.TableInventory.Table;
import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.messaging.KafkaClientSettings;
import io.gfsbackup.scheduler.config.SchedulerInstance;
import io.gfsbackup.scheduler.persistence.CursorStore;
import io.gfsbackup.scheduler.service.TableResolver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * Policies over several accounts and regions selecting by tag, resolved from the table inventory (ListTables and
 * GetResources in pages) of an instance of the test's own: who is selected, with which account, how many AWS calls
 * a refresh takes, and when a new or retagged table joins.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(MotoResource.class)
class FleetSelectionTest {

    static final AwsAccount OWN = new AwsAccount(Fixtures.ACCOUNT, "arn:aws:iam::" + Fixtures.ACCOUNT
            + ":role/gfs-backup", null);
    static final AwsAccount OTHER = new AwsAccount("222222222222", "arn:aws:iam::222222222222:role/gfs-backup",
            "fleet-test");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    Clock clock;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    DataSource dataSource;

    private String topic;
    private TestTime time;
    private PolicyTopic policies;
    private EventTap tap;
    private AwsClients aws;
    private SimpleMeterRegistry registry;
    private UUID policyId;
    private String tag;

    @BeforeEach
    void open() {
        topic = PolicyTopic.createFresh(bootstrapServers, "policies-fleet");
        time = new TestTime(bootstrapServers, clock);
        policies = new PolicyTopic(bootstrapServers, topic);
        tap = new EventTap(bootstrapServers, Topics.BACKUP_DUE);
        aws = new AwsClients(dynamo, "fleet-test", ApiLimits.published());
        registry = new SimpleMeterRegistry();
        policyId = UUID.randomUUID();
        tag = UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void close() {
        tap.close();
        policies.close();
        time.close();
        aws.close();
    }

    @Test
    void aPolicyOverTwoAccountsAndTwoRegionsEmitsOneDuePerTableItsTagSelectsWithTheTablesAccountAndFewCalls() {
        List<String> regions = List.of("eu-west-1", "ap-southeast-1");
        int perScope = 120;
        Map<String, AwsAccount> expected = new HashMap<>(); // ARN -> account
        for (AwsAccount account : List.of(OWN, OTHER)) {
            for (String region : regions) {
                DynamoDbClient client = aws.dynamoDb(account, region);
                for (int i = 0; i < perScope; i++) {
                    String name = String.format("fleet-%s-%03d", tag, i);
                    if (i % 3 == 0) {
                        String arn = Fixtures.createTable(client, name, Map.of("fleet", tag));
                        expected.put(arn, account);
                    } else {
                        Fixtures.createTable(client, name, i % 3 == 1 ? Map.of("fleet", "other") : Map.of());
                    }
                }
                // reserved and excluded names stay out whatever their tags
                Fixtures.createTable(client, "gfs-scratch-" + tag, Map.of("fleet", tag));
                Fixtures.createTable(client, "fleet-" + tag + "-excluded", Map.of("fleet", tag));
            }
        }
        assertThat(expected).hasSize(4 * 40);
        BackupPolicy policy = Fixtures.policy("UTC", """
                {"regions": ["eu-west-1", "ap-southeast-1"],
                 "accounts": [{"accountId": "%s", "roleArn": "%s"},
                              {"accountId": "%s", "roleArn": "%s", "externalId": "%s"}],
                 "tags": {"fleet": "%s"}, "exclude": ["*-excluded"]}""".formatted(OWN.accountId(), OWN.roleArn(),
                OTHER.accountId(), OTHER.roleArn(), OTHER.externalId(), tag),
                "{\"daily\": {\"times\": [\"01:00\"], \"keep\": \"P3D\"}}", true);

        try (SchedulerInstance instance = start(Duration.ofMinutes(15), Duration.ofMinutes(15))) {
            Instant day = time.begin(TestTime.FIRST);
            policies.upsert(policyId, 1, policy, day);
            await().atMost(Duration.ofSeconds(30)).until(() -> instance.owns(policyId));
            Map<AwsOperation, Long> before = calls();
            Instant slot = day.plus(Duration.ofHours(1));
            time.set(slot);
            await().atMost(Duration.ofSeconds(60)).until(() -> tap.due(policyId).size() >= expected.size());
            await().pollDelay(Duration.ofSeconds(1)).until(() -> true);

            List<BackupDue> dues = tap.due(policyId);
            assertThat(dues).hasSize(expected.size());
            assertThat(dues).extracting(d -> d.due().table().arn()).containsExactlyInAnyOrderElementsOf(
                    expected.keySet());
            for (BackupDue due : dues) {
                AwsAccount account = expected.get(due.due().table().arn());
                assertThat(due.due().account()).isEqualTo(account);
                assertThat(due.due().table().accountId()).isEqualTo(account.accountId());
                assertThat(due.due().table().region()).isIn(regions);
                assertThat(due.due().slot()).isEqualTo(slot);
            }
            assertThat(dues).extracting(d -> d.due().table().region() + "/" + d.due().table().accountId())
                    .containsOnly("eu-west-1/" + OWN.accountId(), "ap-southeast-1/" + OWN.accountId(),
                            "eu-west-1/222222222222", "ap-southeast-1/222222222222");

            // the dues come interleaved across accounts and regions, so the worker works on every scope at once
            List<String> scopesInOrder = new TableResolver(instance.inventory(), Duration.ofHours(1))
                    .resolve(policy.selection()).stream()
                    .map(t -> t.table().region() + "/" + t.table().accountId()).limit(8).toList();
            assertThat(scopesInOrder.subList(0, 4)).doesNotHaveDuplicates();
            assertThat(scopesInOrder.subList(4, 8)).isEqualTo(scopesInOrder.subList(0, 4));

            // one read of 4 scopes of 122 tables: 2 ListTables pages each (100 names a page) and 1 GetResources
            // page each (82 tagged tables, 100 a page), 1 AssumeRole per account, no call per table
            Map<AwsOperation, Long> after = calls();
            assertThat(after.get(AwsOperation.LIST_TABLES) - before.get(AwsOperation.LIST_TABLES)).isEqualTo(8);
            assertThat(after.get(AwsOperation.GET_RESOURCES) - before.get(AwsOperation.GET_RESOURCES)).isEqualTo(4);
            assertThat(after.get(AwsOperation.ASSUME_ROLE)).as("once per account, creating the tables included")
                    .isEqualTo(2);
            assertThat(after.get(AwsOperation.LIST_TAGS_OF_RESOURCE)).isZero();
            assertThat(after.get(AwsOperation.DESCRIBE_TABLE)).isZero();
            assertThat(after.get(AwsOperation.GET_CALLER_IDENTITY)).as("no untagged table of the own account is "
                    + "read without its role").isZero();
            assertThat(registry.get("gfs.aws.calls").tag("operation", "ListTables").functionCounter().count())
                    .isEqualTo(after.get(AwsOperation.LIST_TABLES).doubleValue());
            assertThat(registry.get("gfs.scheduler.inventory.tables").gauge().value()).isEqualTo(4 * 122.0);
            assertThat(registry.get("gfs.scheduler.inventory.scopes").gauge().value()).isEqualTo(4.0);
            policies.delete(policyId);
        }
    }

    @Test
    void aTableCreatedOrRetaggedAfterARefreshJoinsOnceTheInventoryIsOlderThanTheMaxAge() {
        String region = "eu-central-1";
        DynamoDbClient client = aws.dynamoDb(null, region);
        String tagged = Fixtures.createTable(client, "aged-" + tag + "-a", Map.of("fleet", tag));
        String untagged = Fixtures.createTable(client, "aged-" + tag + "-b", Map.of());
        Duration maxAge = Duration.ofSeconds(8);

        try (SchedulerInstance instance = start(Duration.ZERO, maxAge)) {
            Instant day = time.begin(TestTime.FIRST);
            policies.upsert(policyId, 1, byTag(region), day);
            await().atMost(Duration.ofSeconds(30)).until(() -> instance.owns(policyId));
            time.set(day.plus(Duration.ofHours(1)));
            await().until(() -> tap.due(policyId).size() == 1);
            Instant read = instance.inventory().held(null, region).orElseThrow().readAt();

            String created = Fixtures.createTable(client, "aged-" + tag + "-c", Map.of("fleet", tag));
            client.tagResource(b -> b.resourceArn(untagged).tags(Tag.builder().key("fleet").value(tag).build()));
            time.set(day.plus(Duration.ofHours(2)));
            await().until(() -> tap.due(policyId).size() == 2);
            assertThat(instance.inventory().held(null, region).orElseThrow().readAt())
                    .as("the slot came within the max age of the last read").isEqualTo(read);

            await().atMost(Duration.ofSeconds(20)).until(() -> Instant.now().isAfter(read.plus(maxAge)));
            time.set(day.plus(Duration.ofHours(3)));
            await().until(() -> tap.due(policyId).size() == 5);

            assertThat(tap.due(policyId)).extracting(d -> d.due().table().arn() + "@" + d.due().slot())
                    .containsExactlyInAnyOrder(
                    tagged + "@" + day.plus(Duration.ofHours(1)),
                    tagged + "@" + day.plus(Duration.ofHours(2)),
                    tagged + "@" + day.plus(Duration.ofHours(3)),
                    untagged + "@" + day.plus(Duration.ofHours(3)),
                    created + "@" + day.plus(Duration.ofHours(3)));
            policies.delete(policyId);
        }
    }

    @Test
    void theInventoryIsRefreshedOnItsIntervalSoANewTableJoinsWithoutARefreshAtTheSlot() {
        String region = "us-west-1";
        DynamoDbClient client = aws.dynamoDb(null, region);
        String first = Fixtures.createTable(client, "interval-" + tag + "-a", Map.of("fleet", tag));

        try (SchedulerInstance instance = start(Duration.ofSeconds(2), Duration.ofHours(1))) {
            Instant day = time.begin(TestTime.FIRST);
            policies.upsert(policyId, 1, byTag(region), day);
            await().atMost(Duration.ofSeconds(30)).until(() -> instance.owns(policyId));
            time.set(day.plus(Duration.ofHours(1)));
            await().until(() -> tap.due(policyId).size() == 1);

            String created = Fixtures.createTable(client, "interval-" + tag + "-b", Map.of("fleet", tag));
            await().atMost(Duration.ofSeconds(20)).until(() -> instance.inventory().held(null, region).orElseThrow()
                    .tables().stream().map(Table::arn).anyMatch(created::equals));
            time.set(day.plus(Duration.ofHours(2)));
            await().until(() -> tap.due(policyId).size() == 3);

            assertThat(tap.due(policyId)).extracting(d -> d.due().table().arn() + "@" + d.due().slot())
                    .containsExactlyInAnyOrder(
                            first + "@" + day.plus(Duration.ofHours(1)),
                            first + "@" + day.plus(Duration.ofHours(2)),
                            created + "@" + day.plus(Duration.ofHours(2)));
            assertThat(tap.due(policyId).get(0).due().account()).as("the own account: no role").isNull();
            assertThat(registry.get("gfs.scheduler.inventory.refreshes").counter().count()).isPositive();
            policies.delete(policyId);
        }
    }

    private BackupPolicy byTag(String region) {
        return Fixtures.policy("UTC", "{\"region\": \"" + region + "\", \"tags\": {\"fleet\": \"" + tag + "\"}}",
                "{\"daily\": {\"times\": [\"01:00\", \"02:00\", \"03:00\"], \"keep\": \"P3D\"}}", true);
    }

    private SchedulerInstance start(Duration refreshInterval, Duration maxAge) {
        SchedulerInstance.Settings settings = Instances.settings("fleet", KafkaClientSettings.bootstrap(
                bootstrapServers), topic, "fleet-" + UUID.randomUUID(), refreshInterval, maxAge);
        return Instances.start(settings, new CursorStore(dataSource), aws, clock, registry);
    }

    private Map<AwsOperation, Long> calls() {
        Map<AwsOperation, Long> calls = new HashMap<>();
        for (AwsOperation operation : AwsOperation.values()) {
            calls.put(operation, aws.limits().calls(operation));
        }
        return calls;
    }
}
