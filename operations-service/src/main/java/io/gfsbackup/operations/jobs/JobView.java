package io.gfsbackup.operations.jobs;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One job as the jobs API shows it. {@code sizeBytes} and {@code itemCount} are DynamoDB's (DescribeBackup), which
 * it refreshes about every six hours, so they are approximate ({@code sizeApproximate}); {@code describedAt} says
 * when they were read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(UUID id, JobKind kind, JobState state, UUID policyId, Long policyVersion, String accountId,
                      String region, String tableName, String tableArn, Instant slot, List<String> flags,
                      Instant createdAt, Instant startWindowEnd, Instant startedAt, Instant endedAt,
                      Long durationSeconds, int attempts, String error, String backupArn, String backupName,
                      Long sizeBytes, Long itemCount, Boolean sizeApproximate, Instant describedAt,
                      String startedBy) {
}
