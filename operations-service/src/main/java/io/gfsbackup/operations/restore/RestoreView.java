package io.gfsbackup.operations.restore;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.gfsbackup.contracts.messages.RestoreOptions;
import io.gfsbackup.contracts.messages.RestoreTestResult;

/**
 * One restore as the restores API shows it: where it restores from and to, with which options, who asked and when,
 * its state and timings, the error and the warnings (settings that could not be re-applied), and for a run of a
 * restore test the test's slot and seed, its validation and the scratch table's fate. {@code timeToRestore} is the
 * time from the first {@code RestoreTableFromBackup} call to the table being ACTIVE (ISO-8601 duration). A restore
 * from an archive copy shows its {@code stage} while it runs (restoring the copy from S3's archive classes, importing).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestoreView(UUID id, RestoreKind kind, RestoreState state, Source source, Target target,
                          RestoreOptions options, String requestedBy, Instant requestedAt, Instant startedAt,
                          String startedBy, Instant activeAt, Instant endedAt,
                          @Schema(description = "ISO-8601 duration from the restore call to the table being ACTIVE",
                                  example = "PT2M13S") String timeToRestore,
                          String error, List<String> warnings, RestoreTestResult validation, Test test,
                          Stage stage) {

    /** What a restore from an archive copy is doing, since when, and the worker's detail. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Stage(@Schema(enumeration = {"RESTORING_FROM_S3", "IMPORTING"}) String name, Instant since,
                        String detail) {
    }

    /** The restore point: its policy, chain, table, slot and backup. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(UUID policyId, UUID chainId, String accountId, String region, String tableName,
                         String tableArn, Instant slot, String backupArn) {
    }

    /** The new table, in the backup's account and region. */
    public record Target(String tableName, String tableArn) {
    }

    /**
     * The run of a restore test this restore belongs to: the policy version and test slot, the seed of its draws, how
     * long the scratch table is kept, when it is to be dropped and when it was.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Test(Long policyVersion, Instant slot, Long seed, String keepFor, Instant dropAt,
                       Instant droppedAt) {
    }

    /** A page of restores, newest first, and the cursor of the next page if there is one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Page(List<RestoreView> restores, String nextCursor) {
    }
}
