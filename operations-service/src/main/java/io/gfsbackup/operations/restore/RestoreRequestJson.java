package io.gfsbackup.operations.restore;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.gfsbackup.contracts.Json;
import io.gfsbackup.contracts.messages.RestoreOptions;
import io.gfsbackup.contracts.messages.RestoreOptions.BillingMode;
import io.gfsbackup.contracts.messages.RestoreOptions.Encryption;
import io.gfsbackup.contracts.messages.RestoreOptions.SourceSetting;
import io.gfsbackup.contracts.policy.TableSelection;
import io.gfsbackup.contracts.policy.Validated;
import io.gfsbackup.contracts.policy.Violation;

/**
 * Reads the body of {@code POST /api/v1/restores} and reports every problem at once, each with its field path and
 * what would be valid: the point named exactly one way, a table name DynamoDB accepts and that is not reserved for
 * restore tests, capacities only (and both) with PROVISIONED, a key only (and required) with CUSTOMER_MANAGED.
 */
public final class RestoreRequestJson {

    static final List<String> FIELDS = List.of("source", "targetTableName", "targetAccountId", "targetRegion", "billingMode",
            "readCapacityUnits",
            "writeCapacityUnits", "encryption", "kmsKeyId", "excludeIndexes", "reapply");
    static final List<String> SOURCE_FIELDS = List.of("chainId", "slot", "backupArn");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");
    private static final Pattern BACKUP_ARN = Pattern.compile(
            "arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]*:table/[A-Za-z0-9_.-]+/backup/[A-Za-z0-9_.-]+");
    private static final String NAME_RULE = "3 to 255 characters of A-Z, a-z, 0-9, '_', '.' and '-'";
    /** DynamoDB's most secondary indexes on a table: 20 global and 5 local. */
    static final int MAX_INDEXES = 25;
    /** The largest capacity accepted here (DynamoDB's own quotas per table are lower by default). */
    static final long MAX_CAPACITY = 1_000_000L;

    private final List<Violation> violations = new ArrayList<>();

    private RestoreRequestJson() {
    }

    /** The draft, or every violation of the body. */
    public static Validated<RestoreDraft> read(String body) {
        return new RestoreRequestJson().parse(body);
    }

    private Validated<RestoreDraft> parse(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            return Validated.invalid(List.of(new Violation("body", "the body is not JSON: "
                    + e.getOriginalMessage())));
        }
        if (root == null || !root.isObject()) {
            return Validated.invalid(List.of(new Violation("body", "the body must be a JSON object with source and"
                    + " targetTableName")));
        }
        unknown(root, FIELDS, "");
        UUID chainId = null;
        Instant slot = null;
        String backupArn = null;
        JsonNode source = root.get("source");
        if (source == null || source.isNull()) {
            report("source", "is required: {\"chainId\": <uuid>, \"slot\": <instant>} or {\"backupArn\": <arn>}");
        } else if (!source.isObject()) {
            report("source", "must be an object: {\"chainId\": <uuid>, \"slot\": <instant>} or"
                    + " {\"backupArn\": <arn>}");
        } else {
            unknown(source, SOURCE_FIELDS, "source.");
            chainId = uuid(source.get("chainId"), "source.chainId");
            slot = instant(source.get("slot"), "source.slot");
            backupArn = text(source.get("backupArn"), "source.backupArn");
            boolean byChain = present(source.get("chainId")) || present(source.get("slot"));
            boolean byBackup = present(source.get("backupArn"));
            if (byChain && byBackup) {
                report("source", "names the point twice: give chainId and slot, or backupArn, not both");
            } else if (!byChain && !byBackup) {
                report("source", "names no point: give chainId and slot, or backupArn");
            } else if (byChain && !present(source.get("chainId"))) {
                report("source.chainId", "is required with slot: the chain's id (GET /api/v1/chains on the"
                        + " retention service)");
            } else if (byChain && !present(source.get("slot"))) {
                report("source.slot", "is required with chainId: the point's slot, an ISO-8601 UTC instant");
            } else if (backupArn != null && !BACKUP_ARN.matcher(backupArn).matches()) {
                report("source.backupArn", "'" + backupArn + "' is not a DynamoDB backup ARN such as"
                        + " arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01767596400000-1a2b3c4d");
            }
        }
        String target = text(root.get("targetTableName"), "targetTableName");
        if (!present(root.get("targetTableName"))) {
            report("targetTableName", "is required: the new table's name, " + NAME_RULE);
        } else if (target != null && !NAME.matcher(target).matches()) {
            report("targetTableName", "'" + target + "' is not a table name: use " + NAME_RULE);
        } else if (target != null && target.startsWith(TableSelection.RESERVED_PREFIX)) {
            report("targetTableName", "'" + target + "' starts with " + TableSelection.RESERVED_PREFIX
                    + ", which is reserved for the scratch tables of restore tests: choose another name");
        }
        String account = text(root.get("targetAccountId"), "targetAccountId");
        if (account != null && !ACCOUNT.matcher(account).matches()) {
            report("targetAccountId", "'" + account + "' is not an AWS account id (12 digits); leave it out for the"
                    + " point's own account");
            account = null;
        }
        String region = text(root.get("targetRegion"), "targetRegion");
        if (region != null && !REGION.matcher(region).matches()) {
            report("targetRegion", "'" + region + "' is not an AWS region such as eu-central-1; leave it out for the"
                    + " point's own region");
            region = null;
        }
        BillingMode billing = oneOf(root.get("billingMode"), "billingMode", BillingMode.class);
        Long read = capacity(root.get("readCapacityUnits"), "readCapacityUnits");
        Long write = capacity(root.get("writeCapacityUnits"), "writeCapacityUnits");
        if (billing == BillingMode.PROVISIONED) {
            if (!present(root.get("readCapacityUnits"))) {
                report("readCapacityUnits", "is required with billingMode PROVISIONED: a whole number from 1 to "
                        + MAX_CAPACITY);
            }
            if (!present(root.get("writeCapacityUnits"))) {
                report("writeCapacityUnits", "is required with billingMode PROVISIONED: a whole number from 1 to "
                        + MAX_CAPACITY);
            }
        } else {
            for (String field : List.of("readCapacityUnits", "writeCapacityUnits")) {
                if (present(root.get(field))) {
                    report(field, "is only for billingMode PROVISIONED; leave it out or set billingMode to"
                            + " PROVISIONED");
                }
            }
        }
        Encryption encryption = oneOf(root.get("encryption"), "encryption", Encryption.class);
        String kmsKeyId = text(root.get("kmsKeyId"), "kmsKeyId");
        if (encryption == Encryption.CUSTOMER_MANAGED && !present(root.get("kmsKeyId"))) {
            report("kmsKeyId", "is required with encryption CUSTOMER_MANAGED: the key's id, ARN or alias");
        } else if (encryption != Encryption.CUSTOMER_MANAGED && present(root.get("kmsKeyId"))) {
            report("kmsKeyId", "is only for encryption CUSTOMER_MANAGED; leave it out or set encryption to"
                    + " CUSTOMER_MANAGED");
        } else if (kmsKeyId != null && (kmsKeyId.isBlank() || kmsKeyId.length() > 2048)) {
            report("kmsKeyId", "must be a KMS key id, ARN or alias of 1 to 2048 characters");
        }
        Set<String> excluded = indexes(root.get("excludeIndexes"));
        Set<SourceSetting> reapply = settings(root.get("reapply"));
        if (!violations.isEmpty()) {
            return Validated.invalid(violations);
        }
        return Validated.valid(new RestoreDraft(chainId, slot, backupArn, target, account, region,
                new RestoreOptions(billing, read, write, encryption, kmsKeyId, excluded, reapply)));
    }

    private void unknown(JsonNode object, List<String> known, String prefix) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                report(prefix + name, "is not a field of a restore; use " + String.join(", ", known));
            }
        }
    }

    private UUID uuid(JsonNode node, String field) {
        if (!present(node)) {
            return null;
        }
        if (node.isTextual()) {
            try {
                return UUID.fromString(node.textValue().trim());
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        report(field, describe(node) + " is not a UUID");
        return null;
    }

    private Instant instant(JsonNode node, String field) {
        if (!present(node)) {
            return null;
        }
        if (node.isTextual()) {
            try {
                return Instant.parse(node.textValue().trim());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        report(field, describe(node) + " is not an ISO-8601 UTC instant such as 2026-01-05T07:00:00Z");
        return null;
    }

    private String text(JsonNode node, String field) {
        if (!present(node)) {
            return null;
        }
        if (!node.isTextual()) {
            report(field, describe(node) + " is not a string");
            return null;
        }
        return node.textValue().trim();
    }

    private Long capacity(JsonNode node, String field) {
        if (!present(node)) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 1
                && node.longValue() <= MAX_CAPACITY) {
            return node.longValue();
        }
        report(field, describe(node) + " is not a whole number from 1 to " + MAX_CAPACITY);
        return null;
    }

    private <E extends Enum<E>> E oneOf(JsonNode node, String field, Class<E> type) {
        if (!present(node)) {
            return null;
        }
        if (node.isTextual()) {
            for (E value : type.getEnumConstants()) {
                if (value.name().equals(node.textValue().trim())) {
                    return value;
                }
            }
        }
        report(field, describe(node) + " is not one of " + names(type));
        return null;
    }

    private Set<String> indexes(JsonNode node) {
        Set<String> indexes = new LinkedHashSet<>();
        if (!present(node)) {
            return indexes;
        }
        if (!node.isArray()) {
            report("excludeIndexes", describe(node) + " is not an array of index names");
            return indexes;
        }
        if (node.size() > MAX_INDEXES) {
            report("excludeIndexes", "has " + node.size() + " names; a table has at most " + MAX_INDEXES
                    + " secondary indexes");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            String at = "excludeIndexes[" + i + "]";
            if (!element.isTextual() || !NAME.matcher(element.textValue()).matches()) {
                report(at, describe(element) + " is not an index name: use " + NAME_RULE);
            } else if (!indexes.add(element.textValue())) {
                report(at, "'" + element.textValue() + "' is listed twice");
            }
        }
        return indexes;
    }

    private Set<SourceSetting> settings(JsonNode node) {
        Set<SourceSetting> settings = EnumSet.noneOf(SourceSetting.class);
        if (!present(node)) {
            return settings;
        }
        if (!node.isArray()) {
            report("reapply", describe(node) + " is not an array; list some of " + names(SourceSetting.class));
            return settings;
        }
        for (int i = 0; i < node.size(); i++) {
            SourceSetting setting = oneOf(node.get(i), "reapply[" + i + "]", SourceSetting.class);
            if (setting != null && !settings.add(setting)) {
                report("reapply[" + i + "]", setting + " is listed twice");
            }
        }
        return settings;
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }

    private static String describe(JsonNode node) {
        String text = node.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    private static <E extends Enum<E>> String names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    }

    private void report(String field, String message) {
        violations.add(new Violation(field, message));
    }
}
