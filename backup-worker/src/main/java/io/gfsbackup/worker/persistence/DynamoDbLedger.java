package io.gfsbackup.worker.persistence;

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

    private final DynamoDbClient dynamo;
    private final String table;

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
        Map<String, AttributeValue> item;
        try {
            item = dynamo.getItem(b -> b.tableName(table).key(key(dueId)).consistentRead(true)).item();
        } catch (ResourceNotFoundException missing) {
            throw new TableUnavailableException("the ledger table " + table, missing);
        }
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
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
                item.containsKey("alreadyGone") && Boolean.TRUE.equals(item.get("alreadyGone").bool()));
    }

    private static void put(Map<String, AttributeValue> item, String name, Object value) {
        if (value != null) {
            item.put(name, s(value.toString()));
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static UUID uuid(Map<String, AttributeValue> item, String name) {
        String value = str(item, name);
        return value == null ? null : UUID.fromString(value);
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = str(item, name);
        return value == null ? null : Instant.parse(value);
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }
}
