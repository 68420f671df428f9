package io.gfsbackup.contracts.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import io.gfsbackup.contracts.Json;
import io.gfsbackup.contracts.Policies;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SimulationJsonTest {

    @Test
    void theFirstRestorePointHasExactlyTheShapeOfSection7() throws Exception {
        SimulationResult result = Simulation.run(Policies.veeam(), Instant.parse("2026-01-05T00:00:00Z"),
                Instant.parse("2026-08-01T00:00:00Z"));

        JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsString(result));

        assertThat(json.get("restorePoints").get(0)).isEqualTo(Json.mapper().readTree("""
                { "slot": "2026-01-05T07:00:00Z", "flags": ["D","W","M"],
                  "unassigned": { "D": "2026-01-08T07:00:00Z", "W": "2026-01-19T07:00:00Z", "M": "2026-07-05T07:00:00Z" },
                  "expiredAt": "2026-07-05T07:00:00Z", "archivedAt": null }
                """));
    }

    @Test
    void anEventAtOrAfterTheEndIsWrittenAsAnExplicitNull() throws Exception {
        SimulationResult result = Simulation.run(Policies.veeam(), Instant.parse("2026-01-05T00:00:00Z"),
                Instant.parse("2026-01-08T07:00:00Z"));

        String json = Json.mapper().writeValueAsString(result.restorePoints().get(0));

        assertThat(json).isEqualTo("{\"slot\":\"2026-01-05T07:00:00Z\",\"flags\":[\"D\",\"W\",\"M\"],"
                + "\"unassigned\":{\"D\":null,\"W\":null,\"M\":null},\"expiredAt\":null,\"archivedAt\":null}");
    }

    @Test
    void theSummaryCountsPointsExpiriesAndThePeak() {
        SimulationResult result = Simulation.run(Policies.veeam(), Instant.parse("2026-01-05T00:00:00Z"),
                Instant.parse("2026-01-12T00:00:00Z"));

        SimulationResult.Summary summary = result.summary();
        assertThat(summary.restorePoints()).isEqualTo(14);
        assertThat(summary.pointsByFlag()).containsEntry(io.gfsbackup.contracts.policy.Tier.D, 14)
                .containsEntry(io.gfsbackup.contracts.policy.Tier.W, 1)
                .containsEntry(io.gfsbackup.contracts.policy.Tier.M, 1);
        // 3 days of 2 daily points (a point expires at the instant the point 3 days younger is created, after
        // it counted as created) plus the Monday 07:00 point that W and M keep
        assertThat(summary.aliveAtEnd()).isEqualTo(7);
        assertThat(summary.peakAlive()).isEqualTo(7);
        assertThat(summary.expired()).isEqualTo(summary.restorePoints() - summary.aliveAtEnd());
    }
}
