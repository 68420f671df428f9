package io.gfsbackup.contracts.retention;

import io.gfsbackup.contracts.policy.AwsAccount;

/**
 * Where one point's archive copy lives (retention-semantics section 8): every object under {@code prefix} (which ends
 * with {@code /}) in {@code bucket} of {@code region}, reached with the role {@code access} ({@code null}: the
 * services' own credentials).
 */
public record ArchiveLocation(String bucket, String region, String prefix, AwsAccount access) {

    public ArchiveLocation {
        if (bucket == null || region == null || prefix == null) {
            throw new IllegalArgumentException("location.bucket, location.region and location.prefix are required");
        }
    }

    /** The copy as an S3 URI. */
    public String uri() {
        return "s3://" + bucket + "/" + prefix;
    }
}
