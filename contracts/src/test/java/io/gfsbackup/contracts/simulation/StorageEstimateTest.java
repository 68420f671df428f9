package io.gfsbackup.contracts.simulation;

import io.gfsbackup.contracts.Policies;
import io.gfsbackup.contracts.policy.Archive;
import io.gfsbackup.contracts.policy.ArchiveTarget;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.PolicyValidator;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The storage estimate worked by hand: a 10 GB table backed up daily at 00:00 UTC and kept 10 days, archived after
 * 2 days in STANDARD, simulated over the 10 days from 2026-01-01. Points 0 to 7 are archived (day i + 2 is before the
 * end); points 8 and 9 are not. A GB-month is 730 hours.
 */
class StorageEstimateTest {

    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-01-11T00:00:00Z");
    private static final StorageEstimate.Prices PRICES = StorageEstimate.Prices.US_EAST_1;

    @Test
    void movedPointsAreWarmUntilArchivedAndEachCopyCostsARestoreAndAnExport() {
        StorageEstimate estimate = Simulation.run(daily(Archive.Mode.MOVE), FROM, TO, 10, false, PRICES).storage();

        // Warm: 8 points for 48 h, point 8 for 48 h, point 9 for 24 h: 456 h; 10 GB x 456 / 730.
        assertThat(estimate.warmGbMonths()).isEqualTo(6.247);
        // Archived: point i from day i + 2 to day 10, 8 + 7 + ... + 1 = 36 days = 864 h.
        assertThat(estimate.archivedGbMonths()).isEqualTo(11.836);
        assertThat(estimate.cost()).isEqualTo(new StorageEstimate.Cost(0.62, 0.27, 20.00, 0, 20.90));
        // AWS Backup: point i kept 10 - i days (to the end), 55 days in all, never 90 days in cold storage.
        assertThat(estimate.awsBackup()).isEqualTo(new StorageEstimate.AwsBackup(18.082, 0, 1.81, 0, 1.81));
    }

    @Test
    void withPointInTimeRecoveryACopyWithinItsWindowIsAnExportAndTheRecoveryIsCharged() {
        StorageEstimate estimate = Simulation.run(daily(Archive.Mode.MOVE), FROM, TO, 10, true, PRICES).storage();

        // 8 exports of 10 GB at 0.10; recovery on 10 GB for 240 h at 0.20 a GB-month.
        assertThat(estimate.cost()).isEqualTo(new StorageEstimate.Cost(0.62, 0.27, 8.00, 0.66, 9.55));
    }

    @Test
    void copiedPointsStayWarmUntilTheyExpire() {
        StorageEstimate estimate = Simulation.run(daily(Archive.Mode.COPY), FROM, TO, 10, false, PRICES).storage();

        assertThat(estimate.warmGbMonths()).isEqualTo(18.082);
        assertThat(estimate.archivedGbMonths()).isEqualTo(11.836);
    }

    @Test
    void awsBackupMovesOnlyRecoveryPointsKeptNinetyDaysBeyondTheColdInstant() {
        BackupPolicy veeam = Policies.veeam();
        BackupPolicy policy = new BackupPolicy(veeam.name(), "", true, veeam.timeZone(), veeam.selection(),
                veeam.schedule(), veeam.startWindow(), veeam.retentionSafety(), null,
                new Archive(Period.ofDays(30), null, Archive.Mode.MOVE, Archive.StorageClass.GLACIER_IR, TARGET));
        StorageEstimate estimate = Simulation.run(policy, Instant.parse("2026-01-05T00:00:00Z"),
                Instant.parse("2027-01-05T00:00:00Z"), 100, false, PRICES).storage();

        // The monthly recovery points (kept 6 months) go cold after 30 days, as the product archives its monthly
        // points; dailies and weeklies never. One backup serves D, W and M here, so less is kept warm.
        assertThat(estimate.awsBackup().coldGbMonths()).isEqualTo(estimate.archivedGbMonths()).isGreaterThan(0);
        assertThat(estimate.warmGbMonths()).isLessThan(estimate.awsBackup().warmGbMonths());
        assertThat(estimate.cost().copies()).as("6 monthly points of 100 GB, restored and exported").isEqualTo(150.00);
    }

    @Test
    void withoutATableSizeThereIsNoEstimate() {
        assertThat(Simulation.run(daily(Archive.Mode.MOVE), FROM, TO).storage()).isNull();
        assertThatThrownBy(() -> Simulation.run(daily(Archive.Mode.MOVE), FROM, TO, 0, false, PRICES))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tableSizeGb");
    }

    private static final ArchiveTarget TARGET = new ArchiveTarget("acme-ddb-archive", "", null, null, null, null, null);

    private static BackupPolicy daily(Archive.Mode mode) {
        BackupPolicy daily = Policies.daily(ZoneId.of("UTC"), Period.ofDays(10), LocalTime.MIDNIGHT);
        BackupPolicy policy = new BackupPolicy(daily.name(), "", true, daily.timeZone(), daily.selection(),
                daily.schedule(), daily.startWindow(), daily.retentionSafety(), null,
                new Archive(Period.ofDays(2), null, mode, Archive.StorageClass.STANDARD, TARGET));
        assertThat(PolicyValidator.validate(policy)).isEmpty();
        return policy;
    }
}
