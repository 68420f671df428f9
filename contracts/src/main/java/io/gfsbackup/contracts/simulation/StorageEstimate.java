package io.gfsbackup.contracts.simulation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.gfsbackup.contracts.policy.Archive;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.RetentionSettings;

/**
 * What a simulated policy keeps for one table of {@code tableSizeGb} over the simulated range (docs/archive.md,
 * "Costs"): the warm backups and archive copies in GB-months and what they cost, with the one-time charges of making
 * each copy and, where a copy is exported from the table's point-in-time recovery, the recovery's own charge; next
 * to it what the same schedules would keep and cost as AWS Backup recovery points, one per schedule and slot, none
 * shared. A GB-month is a GB kept 730 hours, as AWS bills it. Every backup and copy is taken as large as the table.
 *
 * @param pointInTimeRecovery whether the table has point-in-time recovery, so that copies made within its window are
 *                            exported from it rather than from the backup
 */
public record StorageEstimate(double tableSizeGb, boolean pointInTimeRecovery, double warmGbMonths,
                              double archivedGbMonths, Cost cost, AwsBackup awsBackup, Prices prices) {

    static final double HOURS_PER_MONTH = 730;
    /** How far back point-in-time recovery reaches. */
    static final Duration RECOVERY_WINDOW = Duration.ofDays(35);
    /** AWS Backup keeps a recovery point in cold storage for at least this long, so it moves none that it won't. */
    static final Duration AWS_BACKUP_COLD_MINIMUM = Duration.ofDays(90);

    /**
     * The product's charges over the range, in {@code prices.currency}.
     *
     * @param copies              restoring backups to scratch tables and exporting them, or exporting from the table
     * @param pointInTimeRecovery the table's recovery over the range, counted when at least one copy comes from it
     */
    public record Cost(double warm, double archived, double copies, double pointInTimeRecovery, double total) {
    }

    /** The same schedules as separate AWS Backup recovery points, cold after the archive's {@code after}. */
    public record AwsBackup(double warmGbMonths, double coldGbMonths, double warm, double cold, double total) {
    }

    /**
     * List prices in one region, with where they come from and when they were read.
     *
     * @param warmBackupGbMonth            a DynamoDB on-demand backup, per GB-month
     * @param restorePerGb                 restoring a backup to a table, per GB
     * @param exportPerGb                  exporting a table to S3, per GB
     * @param pointInTimeRecoveryGbMonth   continuous backups of a table, per GB-month of the table
     * @param archiveGbMonth               S3 storage by class, per GB-month
     * @param awsBackupWarmGbMonth         an AWS Backup recovery point of DynamoDB, warm, per GB-month
     * @param awsBackupColdGbMonth         the same in AWS Backup's cold storage, per GB-month
     */
    public record Prices(String region, String currency, LocalDate asOf, List<String> sources,
                         double warmBackupGbMonth, double restorePerGb, double exportPerGb,
                         double pointInTimeRecoveryGbMonth, Map<Archive.StorageClass, Double> archiveGbMonth,
                         double awsBackupWarmGbMonth, double awsBackupColdGbMonth) {

        /** us-east-1, first S3 tier (up to 50 TB a month); docs/archive.md lists the same with their sources. */
        public static final Prices US_EAST_1 = new Prices("us-east-1", "USD", LocalDate.of(2026, 12, 2),
                List.of("https://aws.amazon.com/dynamodb/pricing/on-demand/", "https://aws.amazon.com/s3/pricing/",
                        "https://aws.amazon.com/backup/pricing/"),
                0.10, 0.15, 0.10, 0.20, storageClasses(0.023, 0.0125, 0.004, 0.0036, 0.00099), 0.10, 0.03);

        public Prices {
            sources = List.copyOf(sources);
            archiveGbMonth = Collections.unmodifiableMap(new EnumMap<>(archiveGbMonth));
        }

        private static Map<Archive.StorageClass, Double> storageClasses(double standard, double standardIa,
                                                                        double glacierIr, double glacier,
                                                                        double deepArchive) {
            EnumMap<Archive.StorageClass, Double> prices = new EnumMap<>(Archive.StorageClass.class);
            prices.put(Archive.StorageClass.STANDARD, standard);
            prices.put(Archive.StorageClass.STANDARD_IA, standardIa);
            prices.put(Archive.StorageClass.GLACIER_IR, glacierIr);
            prices.put(Archive.StorageClass.GLACIER, glacier);
            prices.put(Archive.StorageClass.DEEP_ARCHIVE, deepArchive);
            return prices;
        }
    }

    /**
     * The estimate for {@code simulation} of {@code policy} over {@code [from, to)}: each point is warm from its slot
     * until it expires or the range ends, in {@code MOVE} mode only until it is archived; archived from
     * {@code archivedAt} until it expires or the range ends. Each copy made in the range costs a restore and an
     * export, or an export alone when the table has point-in-time recovery and the copy is made within 35 days of
     * the slot.
     */
    static StorageEstimate of(BackupPolicy policy, Instant from, Instant to, List<SimulatedPoint> points,
                              double tableSizeGb, boolean pointInTimeRecovery, Prices prices) {
        if (!(tableSizeGb > 0) || Double.isInfinite(tableSizeGb)) {
            throw new IllegalArgumentException("tableSizeGb must be a positive number: " + tableSizeGb);
        }
        Archive archive = policy.archive();
        double warmHours = 0;
        double archivedHours = 0;
        int copiesFromBackup = 0;
        int copiesFromRecovery = 0;
        for (SimulatedPoint point : points) {
            Instant end = point.expiredAt() == null ? to : point.expiredAt();
            Instant archivedAt = point.archivedAt();
            Instant warmEnd = archivedAt != null && archive.mode() == Archive.Mode.MOVE ? archivedAt : end;
            warmHours += hours(point.slot(), warmEnd);
            if (archivedAt != null) {
                archivedHours += hours(archivedAt, end);
                if (pointInTimeRecovery
                        && Duration.between(point.slot(), archivedAt).compareTo(RECOVERY_WINDOW) <= 0) {
                    copiesFromRecovery++;
                } else {
                    copiesFromBackup++;
                }
            }
        }
        double warmGbMonths = tableSizeGb * warmHours / HOURS_PER_MONTH;
        double archivedGbMonths = tableSizeGb * archivedHours / HOURS_PER_MONTH;
        double warm = warmGbMonths * prices.warmBackupGbMonth();
        double archived = archive == null ? 0 : archivedGbMonths * prices.archiveGbMonth().get(archive.storageClass());
        double copies = tableSizeGb * (copiesFromBackup * (prices.restorePerGb() + prices.exportPerGb())
                + copiesFromRecovery * prices.exportPerGb());
        double recovery = copiesFromRecovery == 0 ? 0
                : tableSizeGb * hours(from, to) / HOURS_PER_MONTH * prices.pointInTimeRecoveryGbMonth();
        return new StorageEstimate(tableSizeGb, pointInTimeRecovery, round(warmGbMonths, 3),
                round(archivedGbMonths, 3),
                new Cost(cents(warm), cents(archived), cents(copies), cents(recovery),
                        cents(warm + archived + copies + recovery)),
                awsBackup(policy, to, points, tableSizeGb, prices), prices);
    }

    /**
     * One AWS Backup recovery point per flag of each point: kept for its tier's keep from the slot; when the archive
     * covers its tier, moved to cold storage at the archive instant if it is then kept at least 90 days more.
     */
    private static AwsBackup awsBackup(BackupPolicy policy, Instant to, List<SimulatedPoint> points,
                                       double tableSizeGb, Prices prices) {
        RetentionSettings settings = RetentionSettings.of(policy);
        Archive archive = policy.archive();
        Set<Tier> coldTiers = archive == null ? Set.of() : archive.tiersOf(policy.schedule().tiers());
        double warmHours = 0;
        double coldHours = 0;
        for (SimulatedPoint point : points) {
            for (Tier flag : point.flags()) {
                Instant deleted = settings.expiryOf(point.slot(), flag);
                Instant end = deleted.isBefore(to) ? deleted : to;
                Instant cold = coldTiers.contains(flag)
                        ? point.slot().atZone(policy.timeZone()).plus(archive.after()).toInstant() : null;
                if (cold != null && Duration.between(cold, deleted).compareTo(AWS_BACKUP_COLD_MINIMUM) >= 0) {
                    warmHours += hours(point.slot(), cold.isBefore(end) ? cold : end);
                    coldHours += hours(cold, end);
                } else {
                    warmHours += hours(point.slot(), end);
                }
            }
        }
        double warmGbMonths = tableSizeGb * warmHours / HOURS_PER_MONTH;
        double coldGbMonths = tableSizeGb * coldHours / HOURS_PER_MONTH;
        double warm = warmGbMonths * prices.awsBackupWarmGbMonth();
        double cold = coldGbMonths * prices.awsBackupColdGbMonth();
        return new AwsBackup(round(warmGbMonths, 3), round(coldGbMonths, 3), cents(warm), cents(cold),
                cents(warm + cold));
    }

    /** The hours from {@code start} to {@code end}, none when {@code end} is not after {@code start}. */
    private static double hours(Instant start, Instant end) {
        return end.isAfter(start) ? Duration.between(start, end).getSeconds() / 3600.0 : 0;
    }

    private static double cents(double amount) {
        return round(amount, 2);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
