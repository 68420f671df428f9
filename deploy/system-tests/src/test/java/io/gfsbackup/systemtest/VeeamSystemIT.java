package io.gfsbackup.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.simulation.SimulatedPoint;
import io.gfsbackup.contracts.simulation.Simulation;
import io.gfsbackup.contracts.simulation.SimulationResult;
import io.gfsbackup.deploy.infra.JwtIssuer;
import io.gfsbackup.deploy.local.Service;

/** The live system agrees with the simulation at every step of 26 weeks of the Veeam example. */
class VeeamSystemIT {

    /** The first Monday of January 2026 at 07:00: the Veeam example's D, W, M point. */
    private static final Instant FIRST_MONTHLY = Instant.parse("2026-01-05T07:00:00Z");

    /** Kept when the test fails: it holds the services' logs. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDirectory;

    @Test
    void theBackupsInMotoAreExactlyTheRestorePointsTheSimulationSaysAreAliveAtEveryStep() {
        try (VeeamScenario scenario = VeeamScenario.start(workDirectory)) {
            SimulationResult simulation = Simulation.run(scenario.policy(), VeeamScenario.START, VeeamScenario.END);
            VeeamScenario.ExpectedPoints alive = instant -> simulation.restorePoints().stream()
                    .filter(p -> !p.slot().isAfter(instant))
                    .filter(p -> p.expiredAt() == null || p.expiredAt().isAfter(instant))
                    .map(SimulatedPoint::slot).toList();

            List<Instant> steps = scenario.steps();
            assertThat(steps).hasSizeGreaterThan(20);
            int checkpointsWithBackups = 0;
            for (Instant step : steps) {
                scenario.moveClockTo(step);
                scenario.awaitAgreement(step, alive);
                checkpointsWithBackups += alive.aliveAt(step).isEmpty() ? 0 : 1;
            }
            assertThat(checkpointsWithBackups).as("checkpoints at which backups must exist").isEqualTo(steps.size());

            assertThat(scenario.allBackupNamesWithDuplicates()).doesNotHaveDuplicates()
                    .contains(VeeamScenario.MANUAL_BACKUP);
            assertTheAuditHistoryOfTheFirstMonthlyPointReadsAsTheSimulationSays(scenario, simulation);
        }
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
        assertThat(history.get("events")).extracting(e -> e.get("type").asText()).containsExactly(
                "PointRecorded", "FlagUnassigned", "FlagUnassigned", "FlagUnassigned", "PointExpired", "PointDeleted");
        assertThat(history.get("summary").asText()).contains("P3D", "P14D", "P6M");
    }
}
