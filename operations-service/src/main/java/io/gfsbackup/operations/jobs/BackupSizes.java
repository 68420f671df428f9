package io.gfsbackup.operations.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.gfsbackup.aws.AwsClients;
import io.gfsbackup.aws.AwsErrors;
import io.gfsbackup.aws.AwsOperation;
import io.gfsbackup.aws.AwsScope;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.quarkus.scheduler.Scheduled;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.SourceTableDetails;

/**
 * Reads the size and item count of completed backups with DescribeBackup, in the backup's account (its role) and
 * region, paced by the AWS clients' limits. DynamoDB updates both about every six hours, so a backup is read
 * {@code describe-delay} after it completed and again every {@code describe-refresh} while its job is kept; the
 * jobs API labels them approximate. A backup that is gone is left with what was read last; a failed read is tried
 * on the next pass.
 */
@ApplicationScoped
public class BackupSizes {

    private static final Logger LOG = Logger.getLogger(BackupSizes.class);
    private static final int BATCH = 200;

    @Inject
    DataSource dataSource;

    @Inject
    AwsClients aws;

    @Inject
    Clock clock;

    @ConfigProperty(name = "gfs.operations.jobs.describe-delay", defaultValue = "PT0S")
    Duration delay;

    @ConfigProperty(name = "gfs.operations.jobs.describe-refresh", defaultValue = "PT6H")
    Duration refresh;

    @ConfigProperty(name = "gfs.operations.jobs.describe-enabled", defaultValue = "true")
    boolean enabled;

    /** A completed backup job to read. */
    record Pending(UUID id, String backupArn, String accountId, String roleArn, String externalId, String region) {
    }

    @Scheduled(every = "${gfs.operations.jobs.describe-interval:PT1M}", delayed = "PT1M",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pass() {
        if (enabled) {
            describeDue();
        }
    }

    /** Reads every backup that is due to be read now; returns how many were read. */
    public int describeDue() {
        Instant now = clock.instant();
        int read = 0;
        for (Pending job : due(now.minus(delay), now.minus(refresh))) {
            try {
                AwsAccount account = job.roleArn() == null ? null
                        : new AwsAccount(job.accountId(), job.roleArn(), job.externalId());
                BackupDescription description = aws.limits().call(AwsOperation.DESCRIBE_BACKUP,
                        AwsScope.of(account, job.region()), () -> aws.dynamoDb(account, job.region())
                                .describeBackup(b -> b.backupArn(job.backupArn())))
                        .backupDescription();
                BackupDetails details = description.backupDetails();
                SourceTableDetails source = description.sourceTableDetails();
                Long items = source == null ? null : source.itemCount();
                record(job.id(), details.backupSizeBytes() == null ? 0 : details.backupSizeBytes(), items, now);
                read++;
            } catch (BackupNotFoundException gone) {
                record(job.id(), null, null, now);
            } catch (RuntimeException e) {
                LOG.debugf("backup %s: its size could not be read (%s); tried again on the next pass",
                        job.backupArn(), AwsErrors.describe(e));
            }
        }
        return read;
    }

    private List<Pending> due(Instant endedBefore, Instant describedBefore) {
        String sql = "SELECT id, backup_arn, account_id, role_arn, external_id, region FROM job"
                + " WHERE kind = 'BACKUP' AND state = 'COMPLETED' AND backup_arn IS NOT NULL AND ended_at <= ?"
                + " AND (described_at IS NULL OR described_at < ?) ORDER BY described_at NULLS FIRST, ended_at DESC"
                + " LIMIT ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setTimestamp(1, Timestamp.from(endedBefore));
            statement.setTimestamp(2, Timestamp.from(describedBefore));
            statement.setInt(3, BATCH);
            List<Pending> due = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    due.add(new Pending((UUID) rows.getObject(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getString(6)));
                }
            }
            return due;
        } catch (SQLException e) {
            LOG.warnf("the backups to describe could not be read: %s", e.getMessage());
            return List.of();
        }
    }

    /** What DescribeBackup said; a gone backup keeps what was read before but is not read again. */
    private void record(UUID id, Long sizeBytes, Long itemCount, Instant at) {
        String sql = sizeBytes == null ? "UPDATE job SET described_at = ? WHERE id = ?"
                : "UPDATE job SET size_bytes = ?, item_count = ?, described_at = ? WHERE id = ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 0;
            if (sizeBytes != null) {
                statement.setLong(++i, sizeBytes);
                statement.setObject(++i, itemCount);
            }
            statement.setTimestamp(++i, Timestamp.from(at));
            statement.setObject(++i, id);
            statement.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("job %s: its backup's size could not be recorded: %s", id, e.getMessage());
        }
    }
}
