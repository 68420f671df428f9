package io.gfsbackup.operations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.ArchiveFailed;
import io.gfsbackup.contracts.messages.PointArchived;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.contracts.retention.ArchiveLocation;
import io.gfsbackup.contracts.messages.BackupDeleted;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.PointExpired;
import io.gfsbackup.contracts.messages.RestoreEnded;
import io.gfsbackup.contracts.messages.RestoreOptions;
import io.gfsbackup.contracts.messages.RestoreProgressed;
import io.gfsbackup.contracts.messages.RestoreOptions.BillingMode;
import io.gfsbackup.contracts.messages.RestoreOptions.Encryption;
import io.gfsbackup.contracts.messages.RestoreOptions.SourceSetting;
import io.gfsbackup.contracts.messages.RestoreRequested;
import io.gfsbackup.contracts.messages.RestoreSource;
import io.gfsbackup.contracts.messages.RestoreStarted;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.contracts.retention.PointExpired.Reason;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.gfsbackup.operations.support.Fixtures;
import io.gfsbackup.operations.support.MotoTables;
import io.gfsbackup.operations.support.Policies;
import io.gfsbackup.operations.support.Rules;
import io.gfsbackup.operations.support.TestKafka;
import io.gfsbackup.operations.support.TestTime;
import io.gfsbackup.operations.support.TopicTap;
import io.gfsbackup.operations.support.WebhookReceiver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Restores asked for over REST: checked against the projection's points and the account's tables, recorded PENDING
 * and published to restore-requests exactly; then followed from the worker's outcomes to the restore and its job.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class RestoresTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String OPERATOR = "backup-operator";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Clock clock;

    @Inject
    DynamoDbClient dynamoDb;

    private TestKafka kafka;
    private TestTime time;
    private Instant now;

    @BeforeEach
    void connect() {
        kafka = new TestKafka(bootstrapServers);
        time = new TestTime(bootstrapServers, clock);
        now = time.freshDay();
    }

    @AfterEach
    void disconnect() {
        kafka.close();
        time.close();
    }

    @Test
    void anOperatorsRestoreIsAcceptedPendingAndTheRequestOnTheTopicIsExact() {
        Point point = point("orders");
        String target = Fixtures.unique("orders-restored");
        try (TopicTap tap = new TopicTap(bootstrapServers, Topics.RESTORE_REQUESTS)) {
            Response response = given().header("Authorization", Tokens.bearer("alice", OPERATOR))
                    .contentType("application/json").body("""
                            {"source": {"chainId": "%s", "slot": "%s"}, "targetTableName": "%s",
                             "billingMode": "PROVISIONED", "readCapacityUnits": 5, "writeCapacityUnits": 7,
                             "encryption": "CUSTOMER_MANAGED", "kmsKeyId": "alias/restores",
                             "excludeIndexes": ["by-customer"], "reapply": ["TAGS", "STREAMS"]}
                            """.formatted(point.chainId(), point.slot(), target))
                    .post("/api/v1/restores");

            response.then().statusCode(202).body("state", equalTo("PENDING")).body("kind", equalTo("RESTORE"))
                    .body("requestedBy", equalTo("alice")).body("requestedAt", equalTo(now.toString()))
                    .body("target.tableName", equalTo(target))
                    .body("source.backupArn", equalTo(point.created().backupArn()));
            UUID id = UUID.fromString(response.jsonPath().getString("id"));
            assertThat(response.header("Location")).endsWith("/api/v1/restores/" + id);

            TopicTap.Record record = tap.await(m -> m instanceof RestoreRequested r && r.restoreId().equals(id));
            TableRef table = point.table();
            RestoreRequested expected = RestoreRequested.of(id, new RestoreSource(point.policy().id, table,
                            point.slot(), point.created().backupArn()),
                    new TableRef(table.region(), table.accountId(), target,
                            "arn:aws:dynamodb:" + table.region() + ":" + table.accountId() + ":table/" + target),
                    new RestoreOptions(BillingMode.PROVISIONED, 5L, 7L, Encryption.CUSTOMER_MANAGED, "alias/restores",
                            Set.of("by-customer"), EnumSet.of(SourceSetting.TAGS, SourceSetting.STREAMS)),
                    "alice", now, null);
            assertThat(record.message()).isEqualTo(expected);
            assertThat(record.key()).isEqualTo(table.arn());
            restore(id).then().body("state", equalTo("PENDING"));
            job(id).then().body("kind", equalTo("RESTORE")).body("state", equalTo("PENDING"))
                    .body("tableArn", equalTo(table.arn()));
        }
    }

    @Test
    void onlyAPointMovedToTheArchiveMayBeRestoredIntoAnotherRegion() {
        Point warm = point("ledger");
        given().header("Authorization", Tokens.bearer("alice", OPERATOR)).contentType("application/json")
                .body(regional(warm, "ledger-abroad", "eu-central-1")).post("/api/v1/restores")
                .then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("violations[0].field", equalTo("targetRegion"))
                .body("violations[0].message", containsString("only a point moved to the archive tier"));
        given().header("Authorization", Tokens.bearer("alice", OPERATOR)).contentType("application/json")
                .body(regional(warm, "ledger-abroad", "Frankfurt")).post("/api/v1/restores")
                .then().statusCode(400).body("violations[0].field", equalTo("targetRegion"));

        Point moved = point("archive");
        RestoreSource source = new RestoreSource(moved.policy().id, moved.table(), moved.slot(),
                moved.created().backupArn());
        kafka.publish(new PointArchived(PointArchived.idOf(source), now.minusSeconds(60), source,
                new ArchiveLocation("gfs-archive", "us-east-1", "gfs/x/", null), "arn:export", 3, "GLACIER_IR",
                true, "worker-1"));
        await().atMost(WAIT).untilAsserted(() -> given().header("Authorization", Tokens.viewer())
                .get("/api/v1/jobs/" + io.gfsbackup.operations.jobs.Projection.archiveJobId(source))
                .then().statusCode(200).body("kind", equalTo("ARCHIVE")).body("state", equalTo("COMPLETED")));
        try (TopicTap tap = new TopicTap(bootstrapServers, Topics.RESTORE_REQUESTS)) {
            String target = Fixtures.unique("archive-abroad");
            UUID id = UUID.fromString(given().header("Authorization", Tokens.bearer("alice", OPERATOR))
                    .contentType("application/json").body(regional(moved, target, "eu-central-1"))
                    .post("/api/v1/restores").then().statusCode(202)
                    .body("target.tableArn", equalTo("arn:aws:dynamodb:eu-central-1:" + moved.table().accountId()
                            + ":table/" + target)).extract().path("id"));
            TopicTap.Record record = tap.await(m -> m instanceof RestoreRequested r && r.restoreId().equals(id));
            assertThat(((RestoreRequested) record.message()).target().region()).isEqualTo("eu-central-1");

            kafka.publish(RestoreProgressed.of(id, source, RestoreProgressed.Stage.RESTORING_FROM_S3,
                    "the copy is in GLACIER", "worker-1", now.minusSeconds(5)));
            await().atMost(WAIT).untilAsserted(() -> restore(id).then().statusCode(200)
                    .body("stage.name", equalTo("RESTORING_FROM_S3"))
                    .body("stage.since", equalTo(now.minusSeconds(5).toString()))
                    .body("stage.detail", equalTo("the copy is in GLACIER")));
        }
    }

    @Test
    void aMovedPointMayGoToItsCopysAccountAndNoOtherWhileAWarmOneStaysInItsOwn() {
        String account = "{\"source\": {\"chainId\": \"%s\", \"slot\": \"%s\"}, \"targetTableName\": \"%s\","
                + " \"targetAccountId\": \"%s\"}";
        Point warm = point("wallet");
        given().header("Authorization", Tokens.bearer("alice", OPERATOR)).contentType("application/json")
                .body(account.formatted(warm.chainId(), warm.slot(), "wallet-away", "222222222222"))
                .post("/api/v1/restores").then().statusCode(400)
                .body("violations[0].field", equalTo("targetAccountId"))
                .body("violations[0].message", containsString("leave targetAccountId out for this point"));
        given().header("Authorization", Tokens.bearer("alice", OPERATOR)).contentType("application/json")
                .body(account.formatted(warm.chainId(), warm.slot(), "wallet-away", "twotwotwo"))
                .post("/api/v1/restores").then().statusCode(400)
                .body("violations[0].field", equalTo("targetAccountId"))
                .body("violations[0].message", containsString("12 digits"));

        Point moved = point("vault");
        RestoreSource source = new RestoreSource(moved.policy().id, moved.table(), moved.slot(),
                moved.created().backupArn());
        AwsAccount vault = new AwsAccount("222222222222", "arn:aws:iam::222222222222:role/gfs-archive", "x-1");
        kafka.publish(new PointArchived(PointArchived.idOf(source), now.minusSeconds(60), source,
                new ArchiveLocation("gfs-vault", "us-east-1", "gfs/v/", vault), "arn:export", 3, "GLACIER_IR",
                true, "worker-1"));
        await().atMost(WAIT).untilAsserted(() -> given().header("Authorization", Tokens.viewer())
                .get("/api/v1/jobs/" + io.gfsbackup.operations.jobs.Projection.archiveJobId(source))
                .then().statusCode(200).body("state", equalTo("COMPLETED")));
        given().header("Authorization", Tokens.bearer("alice", OPERATOR)).contentType("application/json")
                .body(account.formatted(moved.chainId(), moved.slot(), "vault-away", "333333333333"))
                .post("/api/v1/restores").then().statusCode(400)
                .body("violations[0].field", equalTo("targetAccountId"))
                .body("violations[0].message", containsString("nor that of its archive copy (222222222222)"));
        try (TopicTap tap = new TopicTap(bootstrapServers, Topics.RESTORE_REQUESTS)) {
            String target = Fixtures.unique("vault-back");
            UUID id = UUID.fromString(given().header("Authorization", Tokens.bearer("alice", OPERATOR))
                    .contentType("application/json")
                    .body(account.formatted(moved.chainId(), moved.slot(), target, "222222222222"))
                    .post("/api/v1/restores").then().statusCode(202)
                    .body("target.tableArn", equalTo("arn:aws:dynamodb:" + moved.table().region()
                            + ":222222222222:table/" + target)).extract().path("id"));
            TopicTap.Record record = tap.await(m -> m instanceof RestoreRequested r && r.restoreId().equals(id));
            assertThat(((RestoreRequested) record.message()).target().accountId()).isEqualTo("222222222222");
        }
    }

    @Test
    void eachFailedArchiveAttemptIsAJobStateAndANotification() {
        Point point = point("archiving");
        RestoreSource source = new RestoreSource(point.policy().id, point.table(), point.slot(),
                point.created().backupArn());
        UUID job = io.gfsbackup.operations.jobs.Projection.archiveJobId(source);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String rule = Rules.create(Rules.webhook("archives " + point.policy().id, List.of("ARCHIVE_FAILED"),
                    List.of(point.policy().id), receiver.url("archives")));
            try {
                kafka.publish(new ArchiveFailed(ArchiveFailed.idOf(source, 1), now.minusSeconds(50), source, 1,
                        "the export to s3://gfs-archive/gfs/ failed: S3NoSuchBucket", "worker-1"));
                await().atMost(WAIT).until(() -> !receiver.received("archives").isEmpty());
                JsonNode notification = receiver.received("archives").get(0).json();
                assertThat(notification.get("event").asText()).isEqualTo("ARCHIVE_FAILED");
                assertThat(notification.get("subject").asText()).contains("Archive copy failed")
                        .contains(point.table().name());
                assertThat(notification.get("text").asText()).contains("S3NoSuchBucket")
                        .contains("stays warm").contains(job.toString());
                given().header("Authorization", Tokens.viewer()).get("/api/v1/jobs/" + job).then().statusCode(200)
                        .body("kind", equalTo("ARCHIVE")).body("state", equalTo("FAILED"))
                        .body("error", containsString("attempt 1"));

                kafka.publish(new ArchiveFailed(ArchiveFailed.idOf(source, 2), now.minusSeconds(20), source, 2,
                        "AccessDenied", "worker-1"));
                await().atMost(WAIT).until(() -> receiver.received("archives").size() == 2);
                kafka.publish(new PointArchived(PointArchived.idOf(source), now.minusSeconds(10), source,
                        new ArchiveLocation("gfs-archive", "us-east-1", "gfs/y/", null), "arn:export", 1,
                        "GLACIER_IR", true, "worker-1"));
                await().atMost(WAIT).untilAsserted(() -> given().header("Authorization", Tokens.viewer())
                        .get("/api/v1/jobs/" + job).then().body("state", equalTo("COMPLETED")));
                await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
                assertThat(receiver.received("archives")).as("one per failed attempt").hasSize(2);
            } finally {
                Rules.delete(rule);
            }
        }
    }

    private static String regional(Point point, String target, String region) {
        return """
                {"source": {"chainId": "%s", "slot": "%s"}, "targetTableName": "%s", "targetRegion": "%s"}
                """.formatted(point.chainId(), point.slot(), target, region);
    }

    @Test
    void anAdminRestoresAPointNamedByItsBackupArn() {
        Point point = point("invoices");
        given().header("Authorization", Tokens.admin()).contentType("application/json").body("""
                        {"source": {"backupArn": "%s"}, "targetTableName": "%s"}
                        """.formatted(point.created().backupArn(), Fixtures.unique("invoices-copy")))
                .post("/api/v1/restores").then().statusCode(202)
                .body("source.chainId", equalTo(point.chainId().toString()))
                .body("source.slot", equalTo(point.slot().toString()));
    }

    @Test
    void aViewerOrAnAuditorMayReadButNotRestore() {
        Point point = point("viewed");
        String body = """
                {"source": {"backupArn": "%s"}, "targetTableName": "%s"}
                """.formatted(point.created().backupArn(), Fixtures.unique("viewed-copy"));
        given().header("Authorization", Tokens.viewer()).contentType("application/json").body(body)
                .post("/api/v1/restores").then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", Tokens.auditor()).contentType("application/json").body(body)
                .post("/api/v1/restores").then().statusCode(403);
        String id = given().header("Authorization", Tokens.bearer("bob", OPERATOR)).contentType("application/json")
                .body(body).post("/api/v1/restores").then().statusCode(202).extract().path("id");
        given().header("Authorization", Tokens.viewer()).get("/api/v1/restores/" + id).then().statusCode(200);
        given().header("Authorization", Tokens.auditor()).get("/api/v1/restores").then().statusCode(200);
    }

    @Test
    void badRequestsAreAnsweredWith400NamingEachFieldAndWhatIsValid() {
        invalid("""
                {"source": {"chainId": "%s", "slot": "2026-01-05T07:00:00Z", "backupArn": "x"},
                 "targetTableName": "a", "billingMode": "PAY_PER_REQUEST", "readCapacityUnits": 5,
                 "encryption": "AWS_OWNED", "kmsKeyId": "alias/k", "reapply": ["TAGS", "INDEXES"], "color": "red"}
                """.formatted(UUID.randomUUID()))
                .body("violations.field", containsInAnyOrder("source", "targetTableName", "readCapacityUnits",
                        "kmsKeyId", "reapply[1]", "color"))
                .body("violations.find { it.field == 'source' }.message", containsString("not both"))
                .body("violations.find { it.field == 'targetTableName' }.message",
                        containsString("3 to 255 characters"));
        invalid("""
                {"source": {"slot": "yesterday"}, "targetTableName": "gfs-scratch-mine",
                 "billingMode": "PROVISIONED", "writeCapacityUnits": 0, "encryption": "CUSTOMER_MANAGED"}
                """)
                .body("violations.field", containsInAnyOrder("source.slot", "source.chainId", "targetTableName",
                        "readCapacityUnits", "writeCapacityUnits", "kmsKeyId"))
                .body("violations.find { it.field == 'targetTableName' }.message",
                        containsString("reserved for the scratch tables of restore tests"))
                .body("violations.find { it.field == 'readCapacityUnits' }.message",
                        containsString("required with billingMode PROVISIONED"));
        invalid("""
                {"source": {}, "targetTableName": "ok-name", "excludeIndexes": "by-customer"}
                """)
                .body("violations.field", containsInAnyOrder("source", "excludeIndexes"));
        invalid("""
                {"targetTableName": "ok-name", "source": {"backupArn": "arn:aws:dynamodb:us-east-1:1:table/t"}}
                """)
                .body("violations.field", containsInAnyOrder("source.backupArn"));
        invalid("[1]").body("violations.field", containsInAnyOrder("body"));
    }

    @Test
    void aPointTheProjectionDoesNotKnowIs404() {
        given().header("Authorization", Tokens.admin()).contentType("application/json").body("""
                        {"source": {"chainId": "%s", "slot": "2026-01-05T07:00:00Z"}, "targetTableName": "nowhere"}
                        """.formatted(UUID.randomUUID())).post("/api/v1/restores")
                .then().statusCode(404).contentType("application/problem+json")
                .body("title", equalTo("Restore point not found"));
        given().header("Authorization", Tokens.admin()).contentType("application/json").body("""
                        {"source": {"backupArn": "arn:aws:dynamodb:us-east-1:123456789012:table/x/backup/0-1"},
                         "targetTableName": "nowhere"}
                        """).post("/api/v1/restores").then().statusCode(404);
    }

    @Test
    void aPointDeletedOrExpiredIs409() {
        Point deleted = point("deleted");
        PointExpired expired = PointExpired.of(deleted.policy().id, deleted.table(), deleted.created().backupArn(),
                deleted.created().backupName(), new io.gfsbackup.contracts.retention.PointExpired(deleted.slot(),
                        now.minusSeconds(60), Reason.NO_FLAGS_LEFT), now.minusSeconds(60));
        Point expiring = point("expired");
        kafka.publish(expired);
        kafka.publish(BackupDeleted.of(expired, false, now.minusSeconds(30)));
        kafka.publish(PointExpired.of(expiring.policy().id, expiring.table(), expiring.created().backupArn(),
                expiring.created().backupName(), new io.gfsbackup.contracts.retention.PointExpired(expiring.slot(),
                        now.minusSeconds(10), Reason.NO_FLAGS_LEFT), now.minusSeconds(10)));
        await().atMost(WAIT).untilAsserted(() -> restoreOf(deleted, "x-" + UUID.randomUUID())
                .then().statusCode(409).body("detail", containsString("was deleted at")));
        await().atMost(WAIT).untilAsserted(() -> restoreOf(expiring, "y-" + UUID.randomUUID())
                .then().statusCode(409).body("title", equalTo("Restore point not alive"))
                .body("detail", containsString("expired at")));
    }

    @Test
    void aTargetTableThatExistsIs409() {
        Point point = point("existing");
        TableRef existing = new MotoTables(dynamoDb).create(Fixtures.unique("taken"));

        restoreOf(point, existing.name()).then().statusCode(409).contentType("application/problem+json")
                .body("title", equalTo("Target table exists"))
                .body("detail", containsString(existing.name()));
    }

    @Test
    void aTargetNameAPendingRestoreUsesIs409UntilThatRestoreEnds() {
        Point point = point("busy");
        String target = Fixtures.unique("busy-copy");
        UUID first = UUID.fromString(restoreOf(point, target).then().statusCode(202).extract().path("id"));

        restoreOf(point, target).then().statusCode(409).body("title", equalTo("Target table in use"))
                .body("detail", containsString(first.toString()));

        RestoreRequested request = requested(first);
        kafka.publish(RestoreEnded.failed(request, now, "the point is being deleted", now.plusSeconds(1)));
        await().atMost(WAIT).untilAsserted(() -> restore(first).then().body("state", equalTo("FAILED")));
        restoreOf(point, target).then().statusCode(202);
    }

    @Test
    void theWorkersOutcomesMoveTheRestoreAndItsJobForwardAndLateOrRepeatedOnesChangeNothing() {
        Point point = point("followed");
        UUID id = UUID.fromString(restoreOf(point, Fixtures.unique("followed-copy")).then().statusCode(202)
                .extract().path("id"));
        RestoreRequested request = requested(id);
        RestoreStarted started = RestoreStarted.of(request, "worker-1", now.plusSeconds(2));

        kafka.publish(started);
        await().atMost(WAIT).untilAsserted(() -> restore(id).then().body("state", equalTo("RESTORING")));
        job(id).then().body("state", equalTo("RUNNING")).body("startedBy", equalTo("worker-1"));
        RestoreEnded ended = RestoreEnded.completed(request, now.plusSeconds(2), now.plusSeconds(65),
                List.of("TTL: the source table is gone"), null, now.plusSeconds(66));
        kafka.publish(ended);
        await().atMost(WAIT).untilAsserted(() -> restore(id).then().body("state", equalTo("COMPLETED")));
        kafka.publish(started);
        kafka.publish(ended);
        kafka.publish(RestoreEnded.failed(request, now.plusSeconds(2), "late and wrong", now.plusSeconds(99)));
        awaitProjected(point);

        JsonPath restore = restore(id).then().statusCode(200).extract().jsonPath();
        assertThat(restore.getString("state")).isEqualTo("COMPLETED");
        assertThat(restore.getString("startedAt")).isEqualTo(now.plusSeconds(2).toString());
        assertThat(restore.getString("activeAt")).isEqualTo(now.plusSeconds(65).toString());
        assertThat(restore.getString("endedAt")).isEqualTo(now.plusSeconds(66).toString());
        assertThat(restore.getString("timeToRestore")).isEqualTo("PT1M3S");
        assertThat(restore.getString("error")).isNull();
        assertThat(restore.getList("warnings")).containsExactly("TTL: the source table is gone");
        assertThat(restore.getString("target.tableArn")).isEqualTo(request.target().arn());
        JsonPath job = job(id).then().extract().jsonPath();
        assertThat(job.getString("state")).isEqualTo("COMPLETED");
        assertThat(job.getString("endedAt")).isEqualTo(now.plusSeconds(66).toString());
        assertThat(job.getString("error")).isNull();
        given().header("Authorization", Tokens.viewer()).get("/api/v1/jobs?kind=RESTORE&table=" + point.table().arn())
                .then().statusCode(200).body("jobs.id", containsInAnyOrder(id.toString()));
    }

    @Test
    void aFailedRestoreIsNotifiedToTheRulesOfItsPolicy() {
        Point point = point("notified");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String rule = Rules.create(Rules.webhook("restores " + point.policy().id, List.of("RESTORE_FAILED"),
                    List.of(point.policy().id), receiver.url("restores")));
            try {
                String target = Fixtures.unique("notified-copy");
                UUID id = UUID.fromString(restoreOf(point, target).then().statusCode(202).extract().path("id"));
                RestoreRequested request = requested(id);
                kafka.publish(RestoreStarted.of(request, "worker-1", now.plusSeconds(1)));
                kafka.publish(RestoreEnded.failed(request, now.plusSeconds(1), "AccessDeniedException: not"
                        + " authorized to perform dynamodb:RestoreTableFromBackup", now.plusSeconds(2)));

                await().atMost(WAIT).until(() -> !receiver.received("restores").isEmpty());
                JsonNode notification = receiver.received("restores").get(0).json();
                assertThat(notification.get("event").asText()).isEqualTo("RESTORE_FAILED");
                assertThat(notification.get("policyId").asText()).isEqualTo(point.policy().id.toString());
                assertThat(notification.get("subject").asText()).contains(target);
                assertThat(notification.get("text").asText()).contains("carol").contains(id.toString())
                        .contains("AccessDeniedException");
                assertThat(notification.get("tables").get(0).get("tableArn").asText())
                        .isEqualTo(point.table().arn());
                await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
                assertThat(receiver.received("restores")).as("once").hasSize(1);
            } finally {
                Rules.delete(rule);
            }
        }
    }

    @Test
    void theListFiltersAndPagesNewestFirst() {
        Point point = point("listed");
        String first = restoreOf(point, Fixtures.unique("listed-a")).then().statusCode(202).extract().path("id");
        time.set(now.plusSeconds(60));
        String second = restoreOf(point, Fixtures.unique("listed-b")).then().statusCode(202).extract().path("id");
        time.set(now.plusSeconds(120));
        String third = restoreOf(point, Fixtures.unique("listed-c")).then().statusCode(202).extract().path("id");
        kafka.publish(RestoreEnded.failed(requested(UUID.fromString(second)), null, "AccessDenied",
                now.plusSeconds(130)));
        await().atMost(WAIT).untilAsserted(() -> restore(UUID.fromString(second)).then()
                .body("state", equalTo("FAILED")));

        JsonPath page = list("table=" + point.table().name() + "&limit=2");
        assertThat(page.getList("restores.id")).containsExactly(third, second);
        assertThat(list("table=" + point.table().name() + "&cursor=" + page.getString("nextCursor"))
                .getList("restores.id")).containsExactly(first);
        assertThat(list("table=" + point.table().arn() + "&state=PENDING").getList("restores.id"))
                .containsExactly(third, first);
        assertThat(list("policyId=" + point.policy().id + "&kind=RESTORE_TEST").getList("restores")).isEmpty();
        given().header("Authorization", Tokens.viewer()).get("/api/v1/restores?state=DONE").then().statusCode(400)
                .body("violations[0].field", equalTo("state"))
                .body("violations[0].message", endsWith("is not one of PENDING, RESTORING, COMPLETED, FAILED"));
        given().header("Authorization", Tokens.viewer()).get("/api/v1/restores/" + UUID.randomUUID()).then()
                .statusCode(404);
    }

    /** A point of a new table under a new policy, projected: its backup completed 17 h before now. */
    private Point point(String name) {
        TableRef table = Fixtures.table(Fixtures.unique(name));
        Policies policy = Policies.of(kafka, Fixtures.unique(name), true, List.of(Fixtures.REGION),
                List.of(table.name()), Map.of()).publish(now);
        Instant slot = now.minus(Duration.ofHours(17));
        BackupCreated created = policy.succeeded(table, slot);
        await().atMost(WAIT).untilAsserted(() -> given().header("Authorization", Tokens.viewer())
                .get("/api/v1/jobs/" + created.due().dueId()).then().statusCode(200)
                .body("state", equalTo("COMPLETED")));
        return new Point(policy, table, slot, created);
    }

    private record Point(Policies policy, TableRef table, Instant slot, BackupCreated created) {
        UUID chainId() {
            return Ids.chainId(policy.id, table.arn());
        }
    }

    /** The request as published, rebuilt from the restore as the API shows it. */
    private RestoreRequested requested(UUID id) {
        JsonPath restore = restore(id).then().statusCode(200).extract().jsonPath();
        TableRef source = TableRef.fromArn(restore.getString("source.tableArn"));
        return RestoreRequested.of(id, new RestoreSource(UUID.fromString(restore.getString("source.policyId")),
                        source, Instant.parse(restore.getString("source.slot")), restore.getString("source.backupArn")),
                TableRef.fromArn(restore.getString("target.tableArn")), RestoreOptions.NONE,
                restore.getString("requestedBy"), Instant.parse(restore.getString("requestedAt")), null);
    }

    /** Waits until a marker published after everything else of the point's table is projected. */
    private void awaitProjected(Point point) {
        BackupCreated marker = point.policy().succeeded(point.table(), point.slot().minus(Duration.ofHours(20)));
        await().atMost(WAIT).untilAsserted(() -> given().header("Authorization", Tokens.viewer())
                .get("/api/v1/jobs/" + marker.due().dueId()).then().statusCode(200)
                .body("state", equalTo("COMPLETED")));
    }

    private Response restoreOf(Point point, String target) {
        return given().header("Authorization", Tokens.bearer("carol", OPERATOR)).contentType("application/json")
                .body("""
                        {"source": {"chainId": "%s", "slot": "%s"}, "targetTableName": "%s"}
                        """.formatted(point.chainId(), point.slot(), target)).post("/api/v1/restores");
    }

    private io.restassured.response.ValidatableResponse invalid(String body) {
        return given().header("Authorization", Tokens.admin()).contentType("application/json").body(body)
                .post("/api/v1/restores").then().statusCode(400).contentType("application/problem+json");
    }

    private static Response restore(UUID id) {
        return given().header("Authorization", Tokens.viewer()).get("/api/v1/restores/" + id);
    }

    private static Response job(UUID id) {
        return given().header("Authorization", Tokens.viewer()).get("/api/v1/jobs/" + id);
    }

    private static JsonPath list(String query) {
        return given().header("Authorization", Tokens.viewer()).get("/api/v1/restores?" + query).then()
                .statusCode(200).extract().jsonPath();
    }
}
