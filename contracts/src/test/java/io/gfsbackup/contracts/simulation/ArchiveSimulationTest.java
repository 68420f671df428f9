package io.gfsbackup.contracts.simulation;

import io.gfsbackup.contracts.Policies;
import io.gfsbackup.contracts.policy.Archive;
import io.gfsbackup.contracts.policy.ArchiveTarget;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.PolicyValidator;
import io.gfsbackup.contracts.policy.Tier;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The archive instants of the simulation (retention-semantics, section 8) on the Veeam example. */
class ArchiveSimulationTest {

    private static final Instant FROM = Instant.parse("2026-01-05T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-09-01T00:00:00Z");
    private static final Instant FIRST_MONTHLY = Instant.parse("2026-01-05T07:00:00Z");

    @Test
    void theFirstMonthlyPointIsArchivedThirtyDaysAfterItsSlotAndNoDailyOrWeeklyPointEver() {
        SimulationResult simulation = Simulation.run(veeam(Period.ofDays(30), null, Archive.StorageClass.GLACIER_IR),
                FROM, TO);

        assertThat(point(simulation, FIRST_MONTHLY).archivedAt()).isEqualTo(Instant.parse("2026-02-04T07:00:00Z"));
        assertThat(simulation.restorePoints()).filteredOn(p -> !p.flags().contains(Tier.M))
                .allSatisfy(p -> assertThat(p.archivedAt()).as(p.slot().toString()).isNull());
        assertThat(simulation.restorePoints()).filteredOn(p -> p.flags().contains(Tier.M))
                .extracting(SimulatedPoint::archivedAt).containsExactly(
                        Instant.parse("2026-02-04T07:00:00Z"), Instant.parse("2026-04-01T07:00:00Z"),
                        Instant.parse("2026-06-03T07:00:00Z"), Instant.parse("2026-08-05T07:00:00Z"));
        assertThat(point(simulation, FIRST_MONTHLY).isArchivedAt(Instant.parse("2026-02-04T07:00:00Z"))).isTrue();
        assertThat(point(simulation, FIRST_MONTHLY).isArchivedAt(Instant.parse("2026-02-04T06:59:59Z"))).isFalse();
        assertThat(point(simulation, FIRST_MONTHLY).isArchivedAt(Instant.parse("2026-07-05T07:00:00Z")))
                .as("expired").isFalse();
    }

    @Test
    void anArchiveInstantAtOrAfterTheEndOfTheRangeIsNull() {
        SimulationResult simulation = Simulation.run(veeam(Period.ofDays(30), null, Archive.StorageClass.GLACIER_IR),
                FROM, Instant.parse("2026-02-04T07:00:00Z"));

        assertThat(point(simulation, FIRST_MONTHLY).archivedAt()).isNull();
    }

    @Test
    void aPointIsArchivedOnlyWhereItsFlagOutlivesTheStorageClassMinimum() {
        // M kept until 2026-07-05; archived 2026-03-06 plus GLACIER's 90 days is 2026-06-04: archived.
        assertThat(point(Simulation.run(veeam(Period.ofDays(60), null, Archive.StorageClass.GLACIER), FROM, TO),
                FIRST_MONTHLY).archivedAt()).isEqualTo(Instant.parse("2026-03-06T07:00:00Z"));
        // After P95D with STANDARD (no minimum): archived 2026-04-10, before the flag's expiry.
        assertThat(point(Simulation.run(veeam(Period.ofDays(95), Set.of(Tier.M), Archive.StorageClass.STANDARD),
                FROM, TO), FIRST_MONTHLY).archivedAt()).isEqualTo(Instant.parse("2026-04-10T07:00:00Z"));
        // With GLACIER: 2026-04-10 plus 90 days is 2026-07-09, after the flag's expiry: never archived. The policy
        // is valid (six months may span 186 days), but no six months of 2026 from a first Monday span 185.
        SimulationResult glacier = Simulation.run(veeam(Period.ofDays(95), Set.of(Tier.M),
                Archive.StorageClass.GLACIER), FROM, Instant.parse("2027-03-01T00:00:00Z"));
        assertThat(glacier.restorePoints()).allSatisfy(p -> assertThat(p.archivedAt()).isNull());
    }

    @Test
    void withAfterZeroAndStandardEveryPointIsCopiedAtItsSlot() {
        SimulationResult simulation = Simulation.run(veeam(Period.ZERO, null, Archive.StorageClass.STANDARD), FROM, TO);

        assertThat(simulation.restorePoints()).isNotEmpty()
                .allSatisfy(p -> assertThat(p.archivedAt()).isEqualTo(p.slot()));
    }

    @Test
    void aPolicyWithoutArchiveHasNoArchiveInstants() {
        assertThat(Simulation.run(Policies.veeam(), FROM, TO).restorePoints())
                .allSatisfy(p -> assertThat(p.archivedAt()).isNull());
    }

    private static BackupPolicy veeam(Period after, Set<Tier> tiers, Archive.StorageClass storageClass) {
        BackupPolicy veeam = Policies.veeam(ZoneId.of("UTC"), 0);
        BackupPolicy policy = new BackupPolicy(veeam.name(), "", true, veeam.timeZone(), veeam.selection(),
                veeam.schedule(), veeam.startWindow(), veeam.retentionSafety(), null,
                new Archive(after, tiers, Archive.Mode.MOVE, storageClass,
                        new ArchiveTarget("acme-ddb-archive", "gfs", null, null, null, null, null)));
        assertThat(PolicyValidator.validate(policy)).isEmpty();
        return policy;
    }

    private static SimulatedPoint point(SimulationResult simulation, Instant slot) {
        List<SimulatedPoint> points = simulation.restorePoints().stream().filter(p -> p.slot().equals(slot)).toList();
        assertThat(points).hasSize(1);
        return points.get(0);
    }
}
