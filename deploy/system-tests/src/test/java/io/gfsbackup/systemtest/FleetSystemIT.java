package io.gfsbackup.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gfsbackup.contracts.Json;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.PolicyJson;
import io.gfsbackup.contracts.schedule.HarmonizedSchedule;
import io.gfsbackup.contracts.schedule.Slot;
import io.gfsbackup.contracts.simulation.SimulatedPoint;
import io.gfsbackup.contracts.simulation.Simulation;
import io.gfsbackup.contracts.simulation.SimulationResult;
import io.gfsbackup.deploy.infra.FreePorts;
import io.gfsbackup.deploy.infra.JwtIssuer;
import io.gfsbackup.deploy.local.LocalRun;
import io.gfsbackup.deploy.local.Service;
import io.gfsbackup.deploy.local.WebhookSink;
import io.gfsbackup.deploy.testing.IamEnforcedAws;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;

/**
 * A policy over two accounts and two regions, selecting by tag, run by the packaged services against a moto that
 * enforces IAM: each service has only its policy of {@code docs/iam}, and each account is reached through the role
 * {@code gfs-backup} of {@code docs/iam} with the external id. The backups in each account and region are the
 * restore points the simulation says are alive at every step; the reserved and untagged tables are never backed
 * up; and when the target account's role loses {@code dynamodb:CreateBackup}, that account's next backups fail
 * while the other account's are made.
 */
class FleetSystemIT {

    static final Instant START = Instant.parse("2026-01-04T12:00:00Z");
    static final Instant END = Instant.parse("2026-01-09T00:00:00Z");
    static final List<String> REGIONS = List.of("us-east-1", "eu-west-1");
    static final String TAGGED = "orders";
    static final String UNTAGGED = "ledger-archive";
    static final String RESERVED = "gfs-scratch-orders";
    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(90);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDirectory;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyAccountAndRegionIsBackedUpAsTheSimulationSaysWithEachServiceOnlyItsDocumentedPolicy() {
        try (IamEnforcedAws aws = IamEnforcedAws.start(IamEnforcedAws.docsIam())) {
            String ownRole = aws.createRole(IamEnforcedAws.SERVICE_ACCOUNT_ID, IamEnforcedAws.ROLE_NAME,
                    aws.trustPolicy(IamEnforcedAws.ROLE_TRUST), aws.policy(IamEnforcedAws.ROLE_PERMISSIONS));
            for (String service : List.of("scheduler-service", "backup-worker", "policy-service",
                    "operations-service")) {
                aws.allowAssumeRole(service, ownRole);
            }
            provisionServiceTables(aws);
            List<String> accounts = List.of(IamEnforcedAws.SERVICE_ACCOUNT_ID, IamEnforcedAws.TARGET_ACCOUNT_ID);
            for (String account : accounts) {
                for (String region : REGIONS) {
                    aws.createTable(account, region, TAGGED, "id", Map.of("backup", "gfs"));
                    aws.createTable(account, region, UNTAGGED, "id", Map.of());
                    aws.createTable(account, region, RESERVED, "id", Map.of("backup", "gfs"));
                }
            }
            LocalRun.AwsEndpoint endpoint = new LocalRun.AwsEndpoint() {
                @Override
                public URI endpoint() {
                    return aws.endpoint();
                }

                @Override
                public Map<String, String> environment(Service service) {
                    Map<String, String> env = new HashMap<>(aws.environment(service.module()));
                    env.put("GFS_WORKER_LEDGER_CREATE_IF_MISSING", "false");
                    env.put("GFS_WORKER_HOLDS_CREATE_IF_MISSING", "false");
                    env.put("GFS_RETENTION_HOLDS_CREATE_IF_MISSING", "false");
                    return env;
                }
            };
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            try (LocalRun stack = LocalRun.start(new LocalRun.Settings(VeeamScenario.repositoryRoot(), workDirectory,
                    new PrintStream(console, true), service -> FreePorts.find(), START, false, endpoint))) {
                String json = policyJson(ownRole, aws);
                BackupPolicy policy = PolicyJson.read(json).value();
                UUID policyId = createPolicy(stack, json);
                SimulationResult simulation = Simulation.run(policy, START, END);
                List<Instant> steps = HarmonizedSchedule.slots(policy, START, END).stream().map(Slot::at).toList();
                assertThat(steps).hasSize(4);

                JsonNode preview = get(stack, Service.POLICY, "/api/v1/policies/" + policyId + "/selection");
                assertThat(preview.get("selected").asInt()).as(preview.toPrettyString()).isEqualTo(4);

                for (Instant step : steps.subList(0, 3)) {
                    stack.clock().set(step);
                    Map<String, TreeSet<String>> expected = expected(simulation, step, policyId, accounts);
                    await().atMost(SETTLE_TIMEOUT).pollInterval(Duration.ofMillis(250))
                            .untilAsserted(() -> assertThat(backups(aws, policyId, accounts))
                                    .as("backups at %s", step).isEqualTo(expected));
                }

                createNotificationRule(stack, policyId);
                aws.setRolePermissions(aws.policy(IamEnforcedAws.ROLE_PERMISSIONS).without("dynamodb:CreateBackup"));
                Instant last = steps.get(3);
                stack.clock().set(last);
                Map<String, TreeSet<String>> expected = expected(simulation, last, policyId,
                        List.of(IamEnforcedAws.SERVICE_ACCOUNT_ID));
                await().atMost(SETTLE_TIMEOUT).pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> assertThat(backups(aws, policyId,
                                List.of(IamEnforcedAws.SERVICE_ACCOUNT_ID))).isEqualTo(expected));
                await().atMost(SETTLE_TIMEOUT).pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> assertThat(metric(stack, Service.WORKER, "gfs_worker_backups_failed_total"))
                                .as("failed backups: one per region of the target account").isEqualTo(2.0));
                for (String region : REGIONS) {
                    String name = Ids.backupName(TAGGED, last, policyId);
                    assertThat(backups(aws, IamEnforcedAws.TARGET_ACCOUNT_ID, region, TAGGED, policyId))
                            .as("no backup in the target account once its role may not create one")
                            .doesNotContain(name);
                }
                assertOneGroupedNotificationNamesBothFailedTables(stack, policy, policyId, last);
                assertTheProtectionReport(stack);
            }
        }
    }

    /** Every failed backup of the policy goes to the stack's webhook receiver. */
    private void createNotificationRule(LocalRun stack, UUID policyId) {
        String rule = """
                {"name": "fleet failures", "enabled": true, "events": ["BACKUP_FAILED", "SLOT_MISSED"],
                 "policies": ["%s"], "channel": {"type": "WEBHOOK", "url": "%s", "secret": "%s"}}
                """.formatted(policyId, stack.webhook().url(), LocalRun.DEMO_WEBHOOK_SECRET);
        HttpResponse<String> response = send(stack, HttpRequest.newBuilder(
                        stack.service(Service.OPERATIONS).baseUri().resolve("/api/v1/notification-rules"))
                .header("Authorization", "Bearer " + stack.token(JwtIssuer.ADMIN))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(rule)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    /**
     * The two backups the target account's role could not make (one per region) are two FAILED jobs, and once the
     * slot's start window has closed exactly one notification arrives, naming both tables, signed with the rule's
     * secret.
     */
    private void assertOneGroupedNotificationNamesBothFailedTables(LocalRun stack, BackupPolicy policy,
                                                                    UUID policyId, Instant slot) {
        await().atMost(SETTLE_TIMEOUT).untilAsserted(() -> assertThat(get(stack, Service.OPERATIONS,
                "/api/v1/jobs?state=FAILED&policyId=" + policyId).get("jobs")).hasSize(2));
        assertThat(stack.webhook().received()).as("nothing before the start window closes").isEmpty();
        stack.clock().set(slot.plus(policy.startWindow()));
        await().atMost(SETTLE_TIMEOUT).untilAsserted(() -> assertThat(stack.webhook().received()).hasSize(1));
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
        List<WebhookSink.Received> received = stack.webhook().received();
        assertThat(received).as("one message for the slot, not one per table").hasSize(1);
        JsonNode notification = readTree(received.get(0).body());
        assertThat(notification.get("event").asText()).isEqualTo("BACKUP_FAILED");
        assertThat(notification.get("slot").asText()).isEqualTo(slot.toString());
        List<String> tables = new ArrayList<>();
        notification.get("tables").forEach(table -> tables.add(table.get("tableArn").asText()));
        assertThat(tables).containsExactlyInAnyOrderElementsOf(REGIONS.stream().map(region -> "arn:aws:dynamodb:"
                + region + ":" + IamEnforcedAws.TARGET_ACCOUNT_ID + ":table/" + TAGGED).toList());
        assertThat(received.get(0).signature()).as("HMAC-SHA256 of <timestamp>.<body> with the rule's secret")
                .isEqualTo("sha256=" + hmac(LocalRun.DEMO_WEBHOOK_SECRET,
                        received.get(0).timestamp() + "." + received.get(0).body()));
    }

    private static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every table of both accounts and regions is in the report: the tagged ones PROTECTED where their last backup
     * was made and AT_RISK where it failed since, the untagged ones UNPROTECTED, the scratch ones IGNORED, and the
     * system's own tables UNPROTECTED.
     */
    private void assertTheProtectionReport(LocalRun stack) {
        Map<String, String> expected = new TreeMap<>();
        for (String account : List.of(IamEnforcedAws.SERVICE_ACCOUNT_ID, IamEnforcedAws.TARGET_ACCOUNT_ID)) {
            for (String region : REGIONS) {
                String prefix = account + "/" + region + "/";
                expected.put(prefix + TAGGED, account.equals(IamEnforcedAws.TARGET_ACCOUNT_ID) ? "AT_RISK"
                        : "PROTECTED");
                expected.put(prefix + UNTAGGED, "UNPROTECTED");
                expected.put(prefix + RESERVED, "IGNORED");
            }
        }
        // the worker's ledger and the legal-hold table are tables like any other: no policy selects them here
        String own = IamEnforcedAws.SERVICE_ACCOUNT_ID + "/" + IamEnforcedAws.REGION + "/";
        expected.put(own + "gfs-backup-ledger", "UNPROTECTED");
        expected.put(own + "gfs-backup-holds", "UNPROTECTED");
        await().atMost(SETTLE_TIMEOUT).untilAsserted(() -> {
            Map<String, String> statuses = new TreeMap<>();
            for (JsonNode table : get(stack, Service.OPERATIONS, "/api/v1/protection").get("tables")) {
                statuses.put(table.get("accountId").asText() + "/" + table.get("region").asText() + "/"
                        + table.get("tableName").asText(), table.get("status").asText());
            }
            assertThat(statuses).isEqualTo(expected);
        });
    }

    /** The ledger and legal-hold tables, as a deployment provisions them (the services may not create tables). */
    private static void provisionServiceTables(IamEnforcedAws aws) {
        aws.createTable(IamEnforcedAws.SERVICE_ACCOUNT_ID, "gfs-backup-ledger", "dueId", Map.of());
        aws.createTable(IamEnforcedAws.SERVICE_ACCOUNT_ID, "gfs-backup-holds", "dueId", Map.of());
    }

    private static String policyJson(String ownRole, IamEnforcedAws aws) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("name", "fleet-system-test");
        body.put("timeZone", "UTC");
        ObjectNode selection = body.putObject("selection");
        ArrayNode regions = selection.putArray("regions");
        REGIONS.forEach(regions::add);
        ArrayNode accounts = selection.putArray("accounts");
        accounts.addObject().put("accountId", IamEnforcedAws.SERVICE_ACCOUNT_ID).put("roleArn", ownRole)
                .put("externalId", IamEnforcedAws.EXTERNAL_ID);
        accounts.addObject().put("accountId", IamEnforcedAws.TARGET_ACCOUNT_ID).put("roleArn", aws.roleArn())
                .put("externalId", IamEnforcedAws.EXTERNAL_ID);
        selection.putArray("tables").add(RESERVED);
        selection.putObject("tags").put("backup", "gfs");
        ObjectNode daily = body.putObject("schedule").putObject("daily");
        daily.putArray("times").add("07:00");
        daily.put("keep", "P1D");
        return body.toString();
    }

    /** The backups of the tagged table each account and region should have: the points alive at {@code instant}. */
    private static Map<String, TreeSet<String>> expected(SimulationResult simulation, Instant instant,
                                                         UUID policyId, List<String> accounts) {
        TreeSet<String> alive = simulation.restorePoints().stream()
                .filter(p -> !p.slot().isAfter(instant))
                .filter(p -> p.expiredAt() == null || p.expiredAt().isAfter(instant))
                .map(SimulatedPoint::slot).map(slot -> Ids.backupName(TAGGED, slot, policyId))
                .collect(Collectors.toCollection(TreeSet::new));
        Map<String, TreeSet<String>> expected = new TreeMap<>();
        for (String account : accounts) {
            for (String region : REGIONS) {
                expected.put(account + "/" + region + "/" + TAGGED, alive);
                expected.put(account + "/" + region + "/" + UNTAGGED, new TreeSet<>());
                expected.put(account + "/" + region + "/" + RESERVED, new TreeSet<>());
            }
        }
        return expected;
    }

    private static Map<String, TreeSet<String>> backups(IamEnforcedAws aws, UUID policyId, List<String> accounts) {
        Map<String, TreeSet<String>> backups = new TreeMap<>();
        for (String account : accounts) {
            for (String region : REGIONS) {
                for (String table : List.of(TAGGED, UNTAGGED, RESERVED)) {
                    backups.put(account + "/" + region + "/" + table,
                            backups(aws, account, region, table, policyId));
                }
            }
        }
        return backups;
    }

    private static TreeSet<String> backups(IamEnforcedAws aws, String account, String region, String table,
                                           UUID policyId) {
        String suffix = "-" + policyId.toString().substring(0, 8);
        try (DynamoDbClient dynamo = aws.dynamoDb(aws.admin(account), region)) {
            List<BackupSummary> all = new ArrayList<>(dynamo.listBackups(b -> b.tableName(table)
                    .backupType(BackupTypeFilter.ALL)).backupSummaries());
            return all.stream().map(BackupSummary::backupName).filter(name -> name.endsWith(suffix))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private UUID createPolicy(LocalRun stack, String json) {
        HttpResponse<String> response = send(stack, HttpRequest.newBuilder(
                        stack.service(Service.POLICY).baseUri().resolve("/api/v1/policies"))
                .header("Authorization", "Bearer " + stack.token(JwtIssuer.ADMIN))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return UUID.fromString(readTree(response.body()).get("id").asText());
    }

    /** The value of a counter on the service's Prometheus endpoint (0 when it is not there yet). */
    private double metric(LocalRun stack, Service service, String name) {
        HttpResponse<String> response = send(stack, HttpRequest.newBuilder(stack.service(service).baseUri()
                .resolve("/q/metrics")).build());
        return response.body().lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private JsonNode get(LocalRun stack, Service service, String path) {
        HttpResponse<String> response = send(stack, HttpRequest.newBuilder(stack.service(service).baseUri()
                .resolve(path)).header("Authorization", "Bearer " + stack.token(JwtIssuer.VIEWER)).build());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return readTree(response.body());
    }

    private HttpResponse<String> send(LocalRun stack, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static JsonNode readTree(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
