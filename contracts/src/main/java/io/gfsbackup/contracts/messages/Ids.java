package io.gfsbackup.contracts.messages;

import io.gfsbackup.contracts.policy.Tier;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * Deterministic identities (architecture, "Identity and idempotency"). Every id is a name-based UUID of
 * version 5 (SHA-1, RFC 9562) in the project namespace {@link #NAMESPACE}, of the name
 * {@code <kind>|<part>|<part>...} with instants in ISO-8601 UTC ({@link Instant#toString()}): a producer that
 * emits twice after a crash emits the same id, and a consumer that has seen it does nothing.
 */
public final class Ids {

    /** The namespace of every id of this project. Never change it: ids in stored data depend on it. */
    public static final UUID NAMESPACE = UUID.fromString("6f1c2a57-3b8e-4d0a-9c5e-2b7f4e81a9d3");

    /** The longest and shortest backup names DynamoDB accepts. */
    public static final int MAX_BACKUP_NAME = 255;
    public static final int MIN_BACKUP_NAME = 3;

    private static final DateTimeFormatter BACKUP_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Ids() {
    }

    /** The due id of a slot of a table under a policy: one backup per slot and table. */
    public static UUID dueId(UUID policyId, String tableArn, Instant slot) {
        return nameBased("due", policyId, tableArn, slot);
    }

    /** The backup chain (retention aggregate) of a table under a policy. */
    public static UUID chainId(UUID policyId, String tableArn) {
        return nameBased("chain", policyId, tableArn);
    }

    /**
     * The id of the one outcome of a due slot: {@link BackupCreated}, {@link BackupFailed} or {@link BackupMissed}
     * share it, so a second outcome of one slot is recognised as a duplicate.
     */
    public static UUID outcomeId(UUID dueId) {
        return nameBased("outcome", dueId);
    }

    public static UUID flagUnassignedId(UUID policyId, String tableArn, Instant slot, Tier flag) {
        return nameBased("flag-unassigned", policyId, tableArn, slot, flag);
    }

    public static UUID pointExpiredId(UUID policyId, String tableArn, Instant slot) {
        return nameBased("point-expired", policyId, tableArn, slot);
    }

    public static UUID backupDeletedId(UUID policyId, String tableArn, Instant slot) {
        return nameBased("backup-deleted", policyId, tableArn, slot);
    }

    public static UUID retentionGapId(UUID policyId, String tableArn, Tier tier, Instant periodStart) {
        return nameBased("retention-gap", policyId, tableArn, tier, periodStart);
    }

    /** One pause of a policy's deletions, by when it paused (wall time). */
    public static UUID deletionsPausedId(UUID policyId, Instant pausedAt) {
        return nameBased("deletions-paused", policyId, pausedAt);
    }

    public static UUID policyUpsertedId(UUID policyId, long version) {
        return nameBased("policy-upserted", policyId, version);
    }

    /**
     * The name of the DynamoDB backup of a slot: {@code <table>-<yyyyMMdd'T'HHmmss'Z'>-<first 8 hex digits of the
     * policy id>}, with characters outside {@code [A-Za-z0-9_.-]} replaced by {@code _} and the table part cut so that
     * the name has at most 255 characters. It always has at least 3.
     */
    public static String backupName(String tableName, Instant slot, UUID policyId) {
        String suffix = "-" + BACKUP_TIME.format(slot) + "-" + policyId.toString().substring(0, 8);
        String table = tableName == null ? "" : tableName.replaceAll("[^A-Za-z0-9_.-]", "_");
        int room = MAX_BACKUP_NAME - suffix.length();
        return (table.length() > room ? table.substring(0, room) : table) + suffix;
    }

    /** A version-5 UUID of {@code kind} and {@code parts} joined by {@code |}. */
    public static UUID nameBased(String kind, Object... parts) {
        StringBuilder name = new StringBuilder(kind);
        for (Object part : parts) {
            name.append('|').append(part);
        }
        return v5(NAMESPACE, name.toString());
    }

    static UUID v5(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
        sha1.update(ByteBuffer.allocate(16).putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits()).array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
