package io.gfsbackup.worker.persistence;

import static io.gfsbackup.worker.persistence.Attributes.bool;
import static io.gfsbackup.worker.persistence.Attributes.instant;
import static io.gfsbackup.worker.persistence.Attributes.num;
import static io.gfsbackup.worker.persistence.Attributes.put;
import static io.gfsbackup.worker.persistence.Attributes.s;
import static io.gfsbackup.worker.persistence.Attributes.str;
import static io.gfsbackup.worker.persistence.Attributes.uuid;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * The ledger as a DynamoDB table keyed by due id (string attribute {@code dueId}), PAY_PER_REQUEST. Claims are
 * {@code attribute_not_exists(dueId)} puts; every later change is conditional on the state and owner it expects.
 * Reads are strongly consistent.
 */
public class DynamoDbLedger implements Ledger {

    private static final String KEY = "dueId";
    /**
     * A restore's lease on the point (its end, an ISO instant), one attribute per restore in progress, beside the
     * due's own attributes; {@code restoreVersion} counts the leases ever added, so that a deletion that read the
     * entry notices one added since; {@code deletionStartedAt} marks a deletion started (docs/worker.md, Restores).
     */
    static final String LEASE_PREFIX = "restoreLease-";
    static final String RESTORE_VERSION = "restoreVersion";
    static final String DELETION_STARTED = "deletionStartedAt";

    private final DynamoDbClient dynamo;
    private final String table;

    /** The DynamoDB client the ledger table is reached with (the restore records live in the same table). */
    public DynamoDbClient client() {
        return dynamo;
    }

    public DynamoDbLedger(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public String table() {
        return table;
    }

    /** Creates the ledger table if it is missing and waits until it is ACTIVE. */
    public void ensureTable() {
        Tables.ensure(dynamo, table, KEY);
    }

    /**
     * Checks at start that the ledger table exists and is ACTIVE, where the worker must not create it: a wrong name
     * or a table not provisioned fails the start, naming the table, instead of every due failing later.
     */
    public void verifyTable() {
        Tables.verify(dynamo, table, "the ledger table", "docs/worker.md", "gfs.worker.ledger.table",
                "gfs.worker.ledger.create-if-missing");
    }

    /** Whether the ledger table answers (readiness). */
    public boolean reachable() {
        try {
            return dynamo.describeTable(b -> b.tableName(table)).table().tableStatus() == TableStatus.ACTIVE;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    @Override
    public boolean claim(LedgerEntry entry) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(toItem(entry))
                    .conditionExpression("attribute_not_exists(" + KEY + ")"));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        } catch (ResourceNotFoundException missing) {
            throw new TableUnavailableException("the ledger table " + table, missing);
        }
    }

    @Override
    public Optional<LedgerEntry> find(UUID dueId) {
        Map<String, AttributeValue> item = read(dueId);
        return item == null ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public boolean takeOver(UUID dueId, String expectedOwner, String newOwner, Instant leaseUntil) {
        return conditionalUpdate(dueId, "SET #owner = :new, leaseUntil = :lease",
                "#state = :claimed AND #owner = :old", Map.of(
                        ":new", s(newOwner), ":old", s(expectedOwner), ":lease", s(leaseUntil.toString()),
                        ":claimed", s(LedgerState.CLAIMED.name())));
    }

    @Override
    public boolean renew(UUID dueId, String owner, Instant leaseUntil) {
        return conditionalUpdate(dueId, "SET leaseUntil = :lease", "#state = :claimed AND #owner = :owner",
                Map.of(":owner", s(owner), ":lease", s(leaseUntil.toString()),
                        ":claimed", s(LedgerState.CLAIMED.name())));
    }

    @Override
    public boolean complete(LedgerEntry outcome, String owner) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(toItem(outcome))
                    .conditionExpression("#state = :claimed AND #owner = :owner")
                    .expressionAttributeNames(Map.of("#state", "state", "#owner", "owner"))
                    .expressionAttributeValues(Map.of(":claimed", s(LedgerState.CLAIMED.name()), ":owner", s(owner))));
            return true;
        } catch (ConditionalCheckFailedException lost) {
            return false;
        } catch (ResourceNotFoundException missing) {
            throw new TableUnavailableException("the ledger table " + table, missing);
        }
    }

    @Override
    public boolean replace(LedgerEntry next, LedgerState expected) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(toItem(next))
                    .conditionExpression("#state = :expected")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":expected", s(expected.name()))));
            return true;
        } catch (ConditionalCheckFailedException notThere) {
            return false;
        } catch (ResourceNotFoundException missing) {
            throw new TableUnavailableException("the ledger table " + table, missing);
        }
    }

    @Override
    public PointLease addRestoreLease(UUID dueId, UUID restoreId, Instant leaseUntil) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(dueId))
                    .updateExpression("SET #lease = :lease, " + RESTORE_VERSION + " = if_not_exists("
                            + RESTORE_VERSION + ", :zero) + :one")
                    .conditionExpression("#state = :created AND attribute_not_exists(" + DELETION_STARTED + ")")
                    .expressionAttributeNames(Map.of("#state", "state", "#lease", leaseAttribute(restoreId)))
                    .expressionAttributeValues(Map.of(":lease", s(leaseUntil.toString()),
                            ":created", s(LedgerState.CREATED.name()), ":zero", AttributeValue.fromN("0"),
                            ":one", AttributeValue.fromN("1"))));
            return PointLease.ADDED;
        } catch (ConditionalCheckFailedException refused) {
            Map<String, AttributeValue> item = read(dueId);
            if (item == null) {
                return PointLease.NO_ENTRY;
            }
            if (LedgerState.DELETED.name().equals(str(item, "state"))) {
                return PointLease.DELETED;
            }
            return item.containsKey(DELETION_STARTED) ? PointLease.DELETION_STARTED : PointLease.NOT_CREATED;
        } catch (ResourceNotFoundException missing) {
            throw new TableUnavailableException("the ledger table " + table, missing);
        }
    }

    @Override
    public boolean renewRestoreLease(UUID dueId, UUID restoreId, Instant leaseUntil) {
        return update(dueId, "SET #lease = :lease", "attribute_exists(#lease)",
                Map.of("#lease", leaseAttribute(restoreId)), Map.of(":lease", s(leaseUntil.toString())));
    }

    @Override
    public void releaseRestoreLease(UUID dueId, UUID restoreId) {
        // conditional: an update of a missing item would create one
        update(dueId, "REMOVE #lease", "attribute_exists(" + KEY + ")", Map.of("#lease", leaseAttribute(restoreId)),
                null);
    }

    @Override
    public Map<UUID, Instant> startDeletion(UUID dueId, Instant now) {
        while (true) {
            Map<String, AttributeValue> item = read(dueId);
            if (item == null || item.containsKey(DELETION_STARTED)
                    || !LedgerState.CREATED.name().equals(str(item, "state"))) {
                return Map.of(); // nothing to start here: the caller's own checks and writes decide
            }
            Map<UUID, Instant> live = new HashMap<>();
            Map<String, String> names = new HashMap<>(Map.of("#state", "state"));
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":created", s(LedgerState.CREATED.name()),
                    ":now", s(now.toString())));
            StringBuilder condition = new StringBuilder("#state = :created AND attribute_not_exists("
                    + DELETION_STARTED + ")");
            AttributeValue version = item.get(RESTORE_VERSION);
            if (version == null) {
                condition.append(" AND attribute_not_exists(" + RESTORE_VERSION + ")");
            } else {
                condition.append(" AND " + RESTORE_VERSION + " = :version");
                values.put(":version", version);
            }
            int n = 0;
            for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
                if (!attribute.getKey().startsWith(LEASE_PREFIX)) {
                    continue;
                }
                Instant until = Instant.parse(attribute.getValue().s());
                if (until.isAfter(now)) {
                    live.put(UUID.fromString(attribute.getKey().substring(LEASE_PREFIX.length())), until);
                }
                names.put("#l" + n, attribute.getKey());
                values.put(":l" + n, attribute.getValue());
                condition.append(" AND (attribute_not_exists(#l").append(n).append(") OR #l").append(n)
                        .append(" = :l").append(n).append(')');
                n++;
            }
            if (!live.isEmpty()) {
                return live;
            }
            if (update(dueId, "SET " + DELETION_STARTED + " = :now", condition.toString(), names, values)) {
                return Map.of();
            }
            // a restore took or renewed a lease since the read, or the entry changed: read again
        }
    }

    private Map<String, AttributeValue> read(UUID dueId) {
        Map<String, AttributeValue> item;
        try {
            item = dynamo.getItem(b -> b.tableName(table).key(key(dueId)).consistentRead(true)).item();
        } catch (ResourceNotFoundException missing) {
            throw new TableUnavailableException("the ledger table " + table, missing);
        }
        return item == null || item.isEmpty() ? null : item;
    }

    private boolean update(UUID dueId, String update, String condition, Map<String, String> names,
                           Map<String, AttributeValue> values) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(dueId)).updateExpression(update)
                    .conditionExpression(condition).expressionAttributeNames(names)
                    .expressionAttributeValues(values == null || values.isEmpty() ? null : values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (ResourceNotFoundException missing) {
            throw new TableUnavailableException("the ledger table " + table, missing);
        }
    }

    private static String leaseAttribute(UUID restoreId) {
        return LEASE_PREFIX + restoreId;
    }

    private boolean conditionalUpdate(UUID dueId, String update, String condition, Map<String, AttributeValue> values) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(dueId))
                    .updateExpression(update)
                    .conditionExpression(condition)
                    .expressionAttributeNames(Map.of("#state", "state", "#owner", "owner"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (ResourceNotFoundException missing) {
            throw new TableUnavailableException("the ledger table " + table, missing);
        }
    }

    private static Map<String, AttributeValue> key(UUID dueId) {
        return Map.of(KEY, s(dueId.toString()));
    }

    static Map<String, AttributeValue> toItem(LedgerEntry e) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, s(e.dueId().toString()));
        item.put("state", s(e.state().name()));
        put(item, "policyId", e.policyId());
        put(item, "tableArn", e.tableArn());
        put(item, "slot", e.slot());
        if (e.terms() != null) {
            item.put("terms", AttributeValue.fromM(DueTermsItem.toMap(e.terms())));
        }
        put(item, "owner", e.owner());
        put(item, "leaseUntil", e.leaseUntil());
        put(item, "backupArn", e.backupArn());
        put(item, "backupName", e.backupName());
        item.put("sizeBytes", AttributeValue.fromN(Long.toString(e.sizeBytes())));
        put(item, "backupCreatedAt", e.backupCreatedAt());
        put(item, "reason", e.reason());
        item.put("attempts", AttributeValue.fromN(Integer.toString(e.attempts())));
        put(item, "outcomeAt", e.outcomeAt());
        put(item, "deletedAt", e.deletedAt());
        item.put("alreadyGone", AttributeValue.fromBool(e.alreadyGone()));
        return item;
    }

    static LedgerEntry fromItem(Map<String, AttributeValue> item) {
        return new LedgerEntry(UUID.fromString(str(item, KEY)), LedgerState.valueOf(str(item, "state")),
                uuid(item, "policyId"), str(item, "tableArn"), instant(item, "slot"),
                item.containsKey("terms") ? DueTermsItem.fromMap(item.get("terms").m()) : null,
                str(item, "owner"), instant(item, "leaseUntil"),
                str(item, "backupArn"), str(item, "backupName"), num(item, "sizeBytes"),
                instant(item, "backupCreatedAt"), str(item, "reason"), (int) num(item, "attempts"),
                instant(item, "outcomeAt"), instant(item, "deletedAt"),
                bool(item, "alreadyGone"));
    }
}
