package io.gfsbackup.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.gfsbackup.contracts.Json;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.policy.TableSelection;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.simulation.SimulatedPoint;
import io.gfsbackup.contracts.simulation.Simulation;
import io.gfsbackup.contracts.simulation.SimulationResult;
import io.gfsbackup.deploy.infra.JwtIssuer;
import io.gfsbackup.deploy.local.LocalRun;
import io.gfsbackup.deploy.local.Service;

/**
 * The live system agrees with the simulation at every step of 26 weeks of the Veeam example with its restore test and
 * its cold tier: the warm backups in moto and the archive copies in S3 are exactly the simulation's.
 */
class VeeamSystemIT {

    /** The first Monday of January 2026 at 07:00: the Veeam example's D, W, M point. */
    private static final Instant FIRST_MONTHLY = Instant.parse("2026-01-05T07:00:00Z");
    /** The table an operator restores the first monthly point of {@code payments} to. */
    private static final String RESTORED = "payments-restored";

    /** Kept when the test fails: it holds the services' logs. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDirectory;

    @Test
    void theBackupsInMotoAreExactlyTheRestorePointsTheSimulationSaysAreAliveAtEveryStep() {
        try (VeeamScenario scenario = VeeamScenario.start(workDirectory)) {
            SimulationResult simulation = Simulation.run(scenario.policy(), VeeamScenario.START, VeeamScenario.END);
            VeeamScenario.ExpectedPoints warm = VeeamScenario.warm(simulation, slot -> true);
            VeeamScenario.ExpectedPoints archived = VeeamScenario.archived(simulation, slot -> true);
            assertThat(simulation.restorePoints()).filteredOn(p -> p.archivedAt() != null)
                    .as("monthly points archived in the run").hasSize(3);

            List<Instant> steps = scenario.steps();
            assertThat(steps).hasSizeGreaterThan(20);
            int checkpointsWithBackups = 0;
            String restoreId = null;
            for (Instant step : steps) {
                scenario.awaitOperationsCaughtUp();
                scenario.moveClockTo(step);
                scenario.awaitAgreement(step, warm, archived);
                checkpointsWithBackups += warm.aliveAt(step).isEmpty() && archived.aliveAt(step).isEmpty() ? 0 : 1;
                if (step.equals(FIRST_MONTHLY.plus(Duration.ofHours(4)))) {
                    restoreId = restoreTheFirstMonthlyPointOfPayments(scenario);
                }
            }
            assertThat(restoreId).as("the restore was asked for").isNotNull();
            assertThat(checkpointsWithBackups).as("checkpoints at which backups must exist").isEqualTo(steps.size());

            assertThat(scenario.allBackupNamesWithDuplicates()).doesNotHaveDuplicates()
                    .contains(VeeamScenario.MANUAL_BACKUP);
            assertTheAuditHistoryOfTheFirstMonthlyPointReadsAsTheSimulationSays(scenario, simulation);
            assertTheJobsAreOneCompletedBackupPerTableAndSlotAndOneDeletionPerExpiredPoint(scenario, simulation);
            assertEveryRestoreTestPassedAndLeftNoScratchTable(scenario);
        }
    }

    /**
     * An operator restores the first monthly point of {@code payments} to a new table through the operations
     * service; the worker makes it, and the new table holds the point's items.
     */
    private static String restoreTheFirstMonthlyPointOfPayments(VeeamScenario scenario) {
        String tableArn = "arn:aws:dynamodb:us-east-1:123456789012:table/" + VeeamScenario.BY_NAME;
        UUID chainId = Ids.chainId(scenario.policyId(), tableArn);
        HttpResponse<String> response = scenario.post(Service.OPERATIONS, "/api/v1/restores", JwtIssuer.OPERATOR,
                "{\"source\": {\"chainId\": \"" + chainId + "\", \"slot\": \"" + FIRST_MONTHLY + "\"},"
                        + " \"targetTableName\": \"" + RESTORED + "\", \"reapply\": [\"TAGS\"]}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String id;
        try {
            id = Json.mapper().readTree(response.body()).get("id").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
        await().atMost(VeeamScenario.SETTLE_TIMEOUT).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(scenario.get(Service.OPERATIONS, "/api/v1/restores/" + id, JwtIssuer.VIEWER)
                        .get("state").asText()).isEqualTo("COMPLETED"));
        assertThat(scenario.itemIds(RESTORED)).containsExactly(VeeamScenario.BY_NAME + "-1");
        return id;
    }

    /**
     * The policy's weekly restore test ran at each of its slots that the clock passed, restored one table each
     * time, validated it and dropped its scratch table.
     */
    private static void assertEveryRestoreTestPassedAndLeftNoScratchTable(VeeamScenario scenario) {
        Instant last = scenario.steps().get(scenario.steps().size() - 1);
        int runs = scenario.policy().restoreTest()
                .slots(scenario.policy().timeZone(), VeeamScenario.START, last).size();
        assertThat(runs).as("restore-test slots in the run").isGreaterThan(20);
        await().atMost(VeeamScenario.SETTLE_TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(jobCounts(scenario)).containsEntry("RESTORE_TEST COMPLETED", runs)
                    .containsEntry("RESTORE COMPLETED", 1);
            assertThat(scenario.tablesInMoto()).noneMatch(name -> name.startsWith(TableSelection.RESERVED_PREFIX));
        });
    }

    /** The operations service's jobs, projected from the topics, tell what happened: nothing more, nothing less. */
    private static void assertTheJobsAreOneCompletedBackupPerTableAndSlotAndOneDeletionPerExpiredPoint(
            VeeamScenario scenario, SimulationResult simulation) {
        int tables = VeeamScenario.BY_TAG.size() + 1;
        Instant last = scenario.steps().get(scenario.steps().size() - 1);
        long slots = simulation.restorePoints().stream().filter(p -> !p.slot().isAfter(last)).count();
        long expired = simulation.restorePoints().stream()
                .filter(p -> p.expiredAt() != null && !p.expiredAt().isAfter(last)).count();
        long archived = simulation.restorePoints().stream()
                .filter(p -> p.archivedAt() != null && !p.archivedAt().isAfter(last)).count();
        await().atMost(VeeamScenario.SETTLE_TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, Integer> counts = jobCounts(scenario);
            assertThat(counts).as("jobs by kind and state").containsEntry("BACKUP COMPLETED", (int) (tables * slots))
                    .containsEntry("DELETION COMPLETED", (int) (tables * expired))
                    .containsEntry("ARCHIVE COMPLETED", (int) (tables * archived))
                    .containsOnlyKeys("BACKUP COMPLETED", "DELETION COMPLETED", "RESTORE COMPLETED",
                            "RESTORE_TEST COMPLETED", "ARCHIVE COMPLETED");
        });
    }

    /** The policy's jobs, counted by kind and state, read page by page. */
    private static Map<String, Integer> jobCounts(VeeamScenario scenario) {
        Map<String, Integer> counts = new TreeMap<>();
        String cursor = null;
        do {
            JsonNode page = scenario.get(Service.OPERATIONS, "/api/v1/jobs?limit=500&policyId=" + scenario.policyId()
                    + (cursor == null ? "" : "&cursor=" + cursor), JwtIssuer.VIEWER);
            for (JsonNode job : page.get("jobs")) {
                counts.merge(job.get("kind").asText() + " " + job.get("state").asText(), 1, Integer::sum);
            }
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
        } while (cursor != null);
        return counts;
    }

    private static void assertTheAuditHistoryOfTheFirstMonthlyPointReadsAsTheSimulationSays(
            VeeamScenario scenario, SimulationResult simulation) {
        SimulatedPoint expected = simulation.restorePoints().stream()
                .filter(p -> p.slot().equals(FIRST_MONTHLY)).findFirst().orElseThrow();
        String tableArn = "arn:aws:dynamodb:us-east-1:123456789012:table/" + VeeamScenario.BY_NAME;
        UUID chainId = Ids.chainId(scenario.policyId(), tableArn);
        JsonNode history = scenario.get(Service.RETENTION,
                "/api/v1/chains/" + chainId + "/points/" + FIRST_MONTHLY + "/history", JwtIssuer.AUDITOR);

        JsonNode point = history.get("point");
        assertThat(point.get("flags")).extracting(JsonNode::asText).containsExactlyInAnyOrder("D", "W", "M");
        for (Tier tier : expected.flags()) {
            assertThat(point.get("unassigned").get(tier.name()).asText())
                    .as("%s unassigned", tier).isEqualTo(expected.unassigned().get(tier).toString());
        }
        assertThat(point.get("expiredAt").asText()).isEqualTo(expected.expiredAt().toString());
        assertThat(Instant.parse(point.get("deletedAt").asText())).isAfterOrEqualTo(expected.expiredAt());
        // restores of the point are history, not retention (docs/retention.md, "Restores"): not compared
        assertThat(history.get("events")).extracting(e -> e.get("type").asText())
                .filteredOn(type -> !type.startsWith("Restore")).containsExactly(
                "PointRecorded", "FlagUnassigned", "FlagUnassigned", "ArchiveDue", "PointArchived", "FlagUnassigned",
                "PointExpired", "PointDeleted");
        for (JsonNode event : history.get("events")) {
            if (event.get("type").asText().equals("ArchiveDue")) {
                assertThat(event.get("at").asText()).isEqualTo(expected.archivedAt().toString());
            }
            if (event.get("type").asText().equals("PointArchived")) {
                assertThat(Instant.parse(event.get("at").asText())).isAfterOrEqualTo(expected.archivedAt());
                assertThat(event.get("description").asText()).contains("s3://" + LocalRun.DEMO_ARCHIVE_BUCKET
                        + "/gfs/123456789012/us-east-1/payments/20260105T070000Z/", "warm backup deleted");
            }
        }
        assertThat(history.get("summary").asText()).contains("P3D", "P14D", "P6M");
    }
}
