package io.gfsbackup.worker.persistence;

import static io.gfsbackup.worker.persistence.Attributes.bool;
import static io.gfsbackup.worker.persistence.Attributes.instant;
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

/**
 * The restores in the ledger table, beside the dues: one item per restore, keyed {@code restore-<restoreId>} in the
 * table's key attribute (a due id is a bare UUID, so the two never meet). As for dues, a claim is an
 * {@code attribute_not_exists} put and every later change is conditional on the owner and state it expects; reads
 * are strongly consistent.
 */
public class DynamoDbRestores {

    private static final String KEY = "dueId";
    private static final String KEY_PREFIX = "restore-";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbRestores(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Writes {@code record} only if the restore has no record yet; whether it was written. */
    public boolean claim(RestoreRecord record) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(toItem(record))
                    .conditionExpression("attribute_not_exists(" + KEY + ")"));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        } catch (ResourceNotFoundException missing) {
            throw new TableUnavailableException("the ledger table " + table, missing);
        }
    }

    public Optional<RestoreRecord> find(UUID restoreId) {
        Map<String, AttributeValue> item;
        try {
            item = dynamo.getItem(b -> b.tableName(table).key(key(restoreId)).consistentRead(true)).item();
        } catch (ResourceNotFoundException missing) {
            throw new TableUnavailableException("the ledger table " + table, missing);
        }
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Makes {@code newOwner} the owner of a restore in progress that {@code expectedOwner} still holds. */
    public boolean takeOver(UUID restoreId, String expectedOwner, String newOwner, Instant leaseUntil) {
        return update(restoreId, "SET #owner = :new, leaseUntil = :lease", inProgress("#owner = :old"),
                Map.of(":new", s(newOwner), ":old", s(expectedOwner), ":lease", s(leaseUntil.toString())));
    }

    /** Extends the lease of a restore in progress that {@code owner} holds; whether it still does. */
    public boolean renew(UUID restoreId, String owner, Instant leaseUntil) {
        return update(restoreId, "SET leaseUntil = :lease", inProgress("#owner = :owner"),
                Map.of(":owner", s(owner), ":lease", s(leaseUntil.toString())));
    }

    /**
     * Records, before RestoreTableFromBackup is called, that it is (RESTORING, first call at {@code startedAt},
     * kept from the first time); whether {@code owner} still holds the restore.
     */
    public boolean markCalled(UUID restoreId, String owner, Instant startedAt) {
        return update(restoreId, "SET #state = :restoring, restoreCalled = :yes, startedAt = if_not_exists(startedAt, :at)",
                inProgress("#owner = :owner"), Map.of(":owner", s(owner), ":restoring", s(RestoreState.RESTORING.name()),
                        ":yes", AttributeValue.fromBool(true), ":at", s(startedAt.toString())));
    }

    /** Records that this restore made its target table; whether {@code owner} still holds the restore. */
    public boolean markMade(UUID restoreId, String owner) {
        return update(restoreId, "SET tableMade = :yes", inProgress("#owner = :owner"),
                Map.of(":owner", s(owner), ":yes", AttributeValue.fromBool(true)));
    }

    /** Records the outcome ({@code endedMessage}: the RestoreEnded as JSON); whether {@code owner} still held it. */
    public boolean finish(UUID restoreId, String owner, RestoreState outcome, String endedMessage) {
        return update(restoreId, "SET #state = :outcome, endedMessage = :ended REMOVE leaseUntil",
                inProgress("#owner = :owner"), Map.of(":owner", s(owner), ":outcome", s(outcome.name()),
                        ":ended", s(endedMessage)));
    }

    /** Records the drop of the restore's scratch table, once: a second drop keeps the first one's record. */
    public void markDropped(UUID restoreId, Instant droppedAt, boolean alreadyGone) {
        update(restoreId, "SET droppedAt = :at, dropAlreadyGone = :gone",
                "attribute_exists(" + KEY + ") AND attribute_not_exists(droppedAt)",
                Map.of(":at", s(droppedAt.toString()), ":gone", AttributeValue.fromBool(alreadyGone)));
    }

    private static String inProgress(String and) {
        return "(#state = :claimed OR #state = :restoring2) AND " + and;
    }

    private boolean update(UUID restoreId, String update, String condition, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        Map<String, String> names = new HashMap<>();
        if (condition.contains(":claimed")) {
            all.put(":claimed", s(RestoreState.CLAIMED.name()));
            all.put(":restoring2", s(RestoreState.RESTORING.name()));
        }
        if (condition.contains("#state") || update.contains("#state")) {
            names.put("#state", "state");
        }
        if (condition.contains("#owner") || update.contains("#owner")) {
            names.put("#owner", "owner");
        }
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(restoreId)).updateExpression(update)
                    .conditionExpression(condition).expressionAttributeNames(names.isEmpty() ? null : names)
                    .expressionAttributeValues(all));
            return true;
        } catch (ConditionalCheckFailedException lost) {
            return false;
        } catch (ResourceNotFoundException missing) {
            throw new TableUnavailableException("the ledger table " + table, missing);
        }
    }

    private static Map<String, AttributeValue> key(UUID restoreId) {
        return Map.of(KEY, s(KEY_PREFIX + restoreId));
    }

    static Map<String, AttributeValue> toItem(RestoreRecord r) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, s(KEY_PREFIX + r.restoreId()));
        item.put("kind", s("RESTORE"));
        item.put("state", s(r.state().name()));
        put(item, "sourceDueId", r.sourceDueId());
        put(item, "targetArn", r.targetArn());
        put(item, "owner", r.owner());
        put(item, "leaseUntil", r.leaseUntil());
        item.put("restoreCalled", AttributeValue.fromBool(r.called()));
        item.put("tableMade", AttributeValue.fromBool(r.made()));
        put(item, "startedAt", r.startedAt());
        put(item, "endedMessage", r.endedMessage());
        put(item, "droppedAt", r.droppedAt());
        item.put("dropAlreadyGone", AttributeValue.fromBool(r.dropAlreadyGone()));
        return item;
    }

    static RestoreRecord fromItem(Map<String, AttributeValue> item) {
        return new RestoreRecord(UUID.fromString(str(item, KEY).substring(KEY_PREFIX.length())),
                RestoreState.valueOf(str(item, "state")), uuid(item, "sourceDueId"), str(item, "targetArn"),
                str(item, "owner"), instant(item, "leaseUntil"), bool(item, "restoreCalled"), bool(item, "tableMade"),
                instant(item, "startedAt"), str(item, "endedMessage"), instant(item, "droppedAt"),
                bool(item, "dropAlreadyGone"));
    }
}
