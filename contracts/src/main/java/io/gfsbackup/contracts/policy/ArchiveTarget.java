package io.gfsbackup.contracts.policy;

/**
 * Where a policy's archive copies go (retention-semantics, section 8): the S3 {@code bucket}, under {@code prefix}
 * (each point under {@code <prefix>/<account>/<region>/<table>/<slot>/}), in {@code region} (absent: the region of
 * the point's table). A bucket of another account is reached by assuming {@code roleArn} there, with
 * {@code externalId} when its trust policy asks for one; absent, the services' own credentials write it (the
 * export's {@code S3BucketOwner} is then {@code accountId} when given). {@code kmsKeyId}: the KMS key the export
 * encrypts with (absent: SSE-S3).
 */
public record ArchiveTarget(String bucket, String prefix, String region, String accountId, String roleArn,
                            String externalId, String kmsKeyId) {

    public ArchiveTarget {
        prefix = prefix == null ? "" : prefix;
    }
}
