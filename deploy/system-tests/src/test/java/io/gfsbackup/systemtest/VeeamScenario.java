package io.gfsbackup.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gfsbackup.contracts.Json;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.PolicyJson;
import io.gfsbackup.contracts.schedule.HarmonizedSchedule;
import io.gfsbackup.contracts.schedule.Slot;
import io.gfsbackup.contracts.simulation.SimulatedPoint;
import io.gfsbackup.contracts.simulation.SimulationResult;
import io.gfsbackup.deploy.infra.FreePorts;
import io.gfsbackup.deploy.infra.JwtIssuer;
import io.gfsbackup.deploy.local.LocalRun;
import io.gfsbackup.deploy.local.Service;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Veeam example run for real: the packaged services as processes on one controlled clock, three selected
 * tables and one that is not, the Veeam policy created through the REST API, and time moved slot by slot. After
 * each step it waits until the system has settled, that is until the backups in moto are the restore points the
 * simulation says are alive at that instant (or fails after a minute).
 */
final class VeeamScenario implements AutoCloseable {

    /** Sunday before the first Monday of January 2026; the policy is created then. */
    static final Instant START = Instant.parse("2026-01-04T12:00:00Z");
    /** Past the first monthly point's six-month expiry (2026-07-05T07:00Z): 26 weeks. */
    static final Instant END = Instant.parse("2026-07-06T00:00:00Z");
    static final List<String> BY_TAG = List.of("sales", "inventory");
    static final String BY_NAME = "payments";
    static final String NOT_SELECTED = "scratch";
    static final String MANUAL_BACKUP = "payments-manual-before-policy";
    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(90);

    private final LocalRun stack;
    private final DynamoDbClient dynamo;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Path root;
    private UUID policyId;
    private BackupPolicy policy;

    private VeeamScenario(LocalRun stack, Path root) {
        this.stack = stack;
        this.root = root;
        this.dynamo = stack.dynamoClient();
    }

    static VeeamScenario start(Path workDirectory) {
        Path root = repositoryRoot();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        LocalRun stack = LocalRun.start(new LocalRun.Settings(root, workDirectory,
                new PrintStream(console, true), service -> FreePorts.find(), START, false));
        VeeamScenario scenario = new VeeamScenario(stack, root);
        scenario.createTables();
        stack.createArchiveBucket();
        scenario.createPolicy();
        return scenario;
    }

    LocalRun stack() {
        return stack;
    }

    UUID policyId() {
        return policyId;
    }

    BackupPolicy policy() {
        return policy;
    }

    static List<String> selectedTables() {
        List<String> tables = new ArrayList<>(BY_TAG);
        tables.add(BY_NAME);
        return tables;
    }

    /** The slot instants from the start to the end: every instant at which something happens for this policy. */
    List<Instant> steps() {
        return HarmonizedSchedule.slots(policy, START, END).stream().map(Slot::at).toList();
    }

    void moveClockTo(Instant instant) {
        stack.clock().set(instant);
    }

    /**
     * Waits until the operations service has read every message published so far (its group's committed offsets at
     * the end of each partition it reads), so that what it decides at the next instant, such as a restore test's
     * draw, sees the points that expired before it, as it would with seconds between slots.
     */
    void awaitOperationsCaughtUp() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafka().bootstrapServers()))) {
            await().atMost(SETTLE_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> read = admin.listConsumerGroupOffsets("operations-service")
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                read.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                return read.entrySet().stream().allMatch(entry -> entry.getValue() != null
                        && entry.getValue().offset() >= ends.get(entry.getKey()).offset());
            });
        }
    }

    /** The backups this policy made that exist now, by table. */
    Map<String, TreeSet<String>> backupsInMoto() {
        String suffix = "-" + policyId.toString().substring(0, 8);
        Map<String, TreeSet<String>> backups = new TreeMap<>();
        for (String table : allTables()) {
            backups.put(table, listBackups(table, BackupTypeFilter.USER).stream().map(BackupSummary::backupName)
                    .filter(name -> name.endsWith(suffix))
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        return backups;
    }

    /** The names of the backups that should exist at {@code instant}: the live restore points, by table. */
    Map<String, TreeSet<String>> expectedAt(Instant instant, ExpectedPoints points) {
        Map<String, TreeSet<String>> expected = new TreeMap<>();
        for (String table : allTables()) {
            TreeSet<String> names = new TreeSet<>();
            if (!table.equals(NOT_SELECTED)) {
                points.aliveAt(instant).forEach(slot -> names.add(Ids.backupName(table, slot, policyId)));
            }
            expected.put(table, names);
        }
        return expected;
    }

    /**
     * Waits until the warm backups in moto and the archive copies in S3 are the expected ones; fails with the
     * difference otherwise.
     */
    void awaitAgreement(Instant instant, ExpectedPoints warm, ExpectedPoints archived) {
        Map<String, TreeSet<String>> expected = expectedAt(instant, warm);
        Map<String, TreeSet<String>> expectedCopies = expectedCopiesAt(instant, archived);
        await().atMost(SETTLE_TIMEOUT).pollInterval(Duration.ofMillis(150))
                .untilAsserted(() -> {
                    assertThat(backupsInMoto()).as("backups at %s", instant).isEqualTo(expected);
                    assertThat(copiesInS3()).as("archive copies at %s", instant).isEqualTo(expectedCopies);
                });
    }

    /**
     * The points of {@code simulation} whose warm backup exists at an instant: alive, and not yet moved to the archive
     * (the demo policy's archive is MOVE); {@code include} leaves points out (a slot the test makes the system miss).
     */
    static ExpectedPoints warm(SimulationResult simulation, Predicate<Instant> include) {
        return instant -> simulation.restorePoints().stream().filter(p -> include.test(p.slot()))
                .filter(p -> p.isAliveAt(instant) && !p.isArchivedAt(instant)).map(SimulatedPoint::slot).toList();
    }

    /** The points of {@code simulation} that have an archive copy at an instant: alive and archived by then. */
    static ExpectedPoints archived(SimulationResult simulation, Predicate<Instant> include) {
        return instant -> simulation.restorePoints().stream().filter(p -> include.test(p.slot()))
                .filter(p -> p.isArchivedAt(instant)).map(SimulatedPoint::slot).toList();
    }

    /** The archive copies in the demo bucket, as the slot folder of each point, by table. */
    Map<String, TreeSet<String>> copiesInS3() {
        Map<String, TreeSet<String>> copies = new TreeMap<>();
        for (String table : allTables()) {
            copies.put(table, new TreeSet<>());
        }
        try (S3Client s3 = stack.s3Client()) {
            s3.listObjectsV2Paginator(b -> b.bucket(LocalRun.DEMO_ARCHIVE_BUCKET).prefix("gfs/")).contents()
                    .forEach(object -> {
                        String[] parts = object.key().split("/");
                        if (parts.length > 5 && copies.containsKey(parts[3])) {
                            copies.get(parts[3]).add(parts[4]);
                        }
                    });
        }
        return copies;
    }

    /** The slot folders the archive copies should have at {@code instant}, by table. */
    Map<String, TreeSet<String>> expectedCopiesAt(Instant instant, ExpectedPoints points) {
        Map<String, TreeSet<String>> expected = new TreeMap<>();
        for (String table : allTables()) {
            TreeSet<String> folders = new TreeSet<>();
            if (!table.equals(NOT_SELECTED)) {
                points.aliveAt(instant).forEach(slot -> folders.add(SLOT_FOLDER.format(slot)));
            }
            expected.put(table, folders);
        }
        return expected;
    }

    private static final DateTimeFormatter SLOT_FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** Every backup of the selected tables, this system's and others', with duplicates. */
    List<String> allBackupNamesWithDuplicates() {
        List<String> names = new ArrayList<>();
        for (String table : allTables()) {
            listBackups(table, BackupTypeFilter.ALL).forEach(summary -> names.add(summary.backupName()));
        }
        return names;
    }

    /** Every backup of a table, page by page (ListBackups pages by the last backup ARN). */
    private List<BackupSummary> listBackups(String table, BackupTypeFilter type) {
        List<BackupSummary> all = new ArrayList<>();
        String after = null;
        do {
            String start = after;
            ListBackupsResponse page = dynamo.listBackups(b -> b.tableName(table).backupType(type)
                    .exclusiveStartBackupArn(start));
            all.addAll(page.backupSummaries());
            after = page.lastEvaluatedBackupArn();
        } while (after != null);
        return all;
    }

    /** GET on a service's REST API with a token of {@code role}; returns the parsed JSON body. */
    JsonNode get(Service service, String pathAndQuery, String role) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    stack.service(service).baseUri().resolve(pathAndQuery))
                    .header("Authorization", "Bearer " + stack.token(role)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET %s: %s", pathAndQuery, response.body()).isEqualTo(200);
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + pathAndQuery + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** POST of a JSON body on a service's REST API with a token of {@code role}; returns the status and body. */
    HttpResponse<String> post(Service service, String path, String role, String json) {
        try {
            return http.send(HttpRequest.newBuilder(stack.service(service).baseUri().resolve(path))
                    .header("Authorization", "Bearer " + stack.token(role))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("POST " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The names of the tables in moto now. */
    List<String> tablesInMoto() {
        return dynamo.listTablesPaginator(b -> { }).tableNames().stream().toList();
    }

    /** The items of a table, as {@code id} values. */
    List<String> itemIds(String table) {
        return dynamo.scanPaginator(b -> b.tableName(table)).items().stream()
                .map(item -> item.get("id").s()).sorted().toList();
    }

    private void createTables() {
        for (String table : allTables()) {
            String arn = dynamo.createTable(b -> b.tableName(table)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST)).tableDescription().tableArn();
            if (BY_TAG.contains(table)) {
                dynamo.tagResource(b -> b.resourceArn(arn).tags(Tag.builder().key("backup").value("gfs").build()));
            }
            dynamo.putItem(b -> b.tableName(table).item(Map.of("id", AttributeValue.fromS(table + "-1"))));
        }
        dynamo.createBackup(b -> b.tableName(BY_NAME).backupName(MANUAL_BACKUP));
    }

    private void createPolicy() {
        try {
            ObjectNode body = (ObjectNode) Json.mapper().readTree(
                    Files.readString(root.resolve(LocalRun.DEMO_POLICY)));
            body.put("name", "veeam-system-test");
            ObjectNode selection = body.putObject("selection");
            selection.put("region", "us-east-1");
            selection.putArray("tables").add(BY_NAME);
            selection.putObject("tags").put("backup", "gfs");
            String json = Json.mapper().writeValueAsString(body);
            policy = PolicyJson.read(json).value();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            stack.service(Service.POLICY).baseUri().resolve("/api/v1/policies"))
                    .header("Authorization", "Bearer " + stack.token(JwtIssuer.ADMIN))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            policyId = UUID.fromString(Json.mapper().readTree(response.body()).get("id").asText());
        } catch (IOException e) {
            throw new AssertionError("could not create the policy", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static List<String> allTables() {
        List<String> tables = new ArrayList<>(selectedTables());
        tables.add(NOT_SELECTED);
        return tables;
    }

    /** The repository, found from the working directory (the module's directory under Maven). */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("run-local"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    @Override
    public void close() {
        dynamo.close();
        stack.close();
    }

    /** Which restore points are alive (or archived) at an instant. */
    interface ExpectedPoints {
        List<Instant> aliveAt(Instant instant);
    }
}
