package io.gfsbackup.operations.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.PolicyJson;

class LongestGapsTest {

    private static final Instant FROM = Instant.parse("2026-01-05T00:00:00Z");

    @Test
    void theLongestGapIsTheLongestWaitBetweenTwoConsecutiveSlotsOverAYear() {
        assertThat(LongestGaps.compute(policy("""
                "daily": {"times": ["07:00", "11:00"], "keep": "P3D"}
                """, "UTC"), FROM)).isEqualTo(Duration.ofHours(20));
        assertThat(LongestGaps.compute(policy("""
                "daily": {"times": ["07:00"], "days": ["MON","TUE","WED","THU","FRI"], "keep": "P7D"}
                """, "UTC"), FROM)).as("Friday to Monday").isEqualTo(Duration.ofDays(3));
        assertThat(LongestGaps.compute(policy("""
                "daily": {"times": ["02:30"], "keep": "P7D"}
                """, "Europe/Berlin"), FROM)).as("the autumn change of clocks makes one day 25 h long")
                .isEqualTo(Duration.ofHours(25));
    }

    private static BackupPolicy policy(String schedule, String zone) {
        return PolicyJson.read("""
                {"name": "gaps", "enabled": true, "timeZone": "%s",
                 "selection": {"region": "us-east-1", "tables": ["orders"]},
                 "schedule": {%s}}
                """.formatted(zone, schedule)).value();
    }
}
