package io.gfsbackup.operations.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.gfsbackup.contracts.messages.RestoreOptions.BillingMode;
import io.gfsbackup.contracts.messages.RestoreOptions.Encryption;
import io.gfsbackup.contracts.messages.RestoreOptions.SourceSetting;

/**
 * The body of {@code POST /api/v1/restores} as the OpenAPI document describes it. The resource reads the JSON itself
 * ({@code RestoreRequestJson}), so that every problem is answered at once with its field.
 */
@Schema(name = "RestoreRequest", description = "A restore of a point to a new table in the point's account and region;"
        + " a point moved to the archive tier may go to another region (targetRegion) and to its copy's account"
        + " (targetAccountId)")
public record RestoreRequestBody(
        @Schema(required = true) Source source,
        @Schema(required = true, description = "3 to 255 of A-Z a-z 0-9 _ . -; not starting with gfs-scratch-",
                pattern = "^[A-Za-z0-9_.-]{3,255}$", example = "orders-restored") String targetTableName,
        @Schema(description = "the point's account when absent; else only the account of the archive copy of a point"
                + " moved to the archive tier, which is imported there with the role the copy was written with",
                pattern = "^[0-9]{12}$", example = "222222222222") String targetAccountId,
        @Schema(description = "the point's region when absent; another region only for a point moved to the archive"
                + " tier, which is restored from its copy with ImportTable", example = "eu-central-1")
        String targetRegion,
        @Schema(description = "the backup's when absent") BillingMode billingMode,
        @Schema(description = "only, and required, with PROVISIONED", minimum = "1") Long readCapacityUnits,
        @Schema(description = "only, and required, with PROVISIONED", minimum = "1") Long writeCapacityUnits,
        @Schema(description = "the backup's when absent") Encryption encryption,
        @Schema(description = "only, and required, with CUSTOMER_MANAGED: a KMS key id, ARN or alias") String kmsKeyId,
        @Schema(description = "secondary indexes the new table is made without") List<String> excludeIndexes,
        @Schema(description = "the source table's settings to copy onto the new table") List<SourceSetting> reapply) {

    /** The point: its chain and slot, or its backup's ARN (exactly one of the two). */
    @Schema(name = "RestoreRequestSource")
    public record Source(@Schema(description = "with slot") UUID chainId,
                         @Schema(description = "with chainId") Instant slot,
                         @Schema(description = "instead of chainId and slot") String backupArn) {
    }
}
