package io.gfsbackup.worker.persistence;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The hold table (docs/retention-service.md: key {@code dueId}, a string; an item present means the point is
 * held), written by the retention service and only read here, strongly consistent. A table that cannot be read is
 * a transient failure: the deletion waits for it rather than going ahead unchecked.
 */
public class DynamoDbLegalHolds implements LegalHolds {

    static final String KEY = "dueId";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbLegalHolds(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public String table() {
        return table;
    }

    /** Creates the table if it is missing (dev, test, the local run only), as the retention service would. */
    public void ensureTable() {
        Tables.ensure(dynamo, table, KEY);
    }

    /** Fails the start, naming the table, when it is missing: the worker never deletes without reading holds. */
    public void verifyTable() {
        Tables.verify(dynamo, table, "the legal-hold table", "docs/retention-service.md",
                "gfs.worker.holds.table", "gfs.worker.holds.create-if-missing");
    }

    @Override
    public Optional<Hold> find(UUID dueId) {
        Map<String, AttributeValue> item;
        try {
            item = dynamo.getItem(b -> b.tableName(table).key(Map.of(KEY, AttributeValue.fromS(dueId.toString())))
                    .consistentRead(true)).item();
        } catch (ResourceNotFoundException missing) {
            throw new TableUnavailableException("the legal-hold table " + table, missing);
        }
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Hold(dueId, text(item, "placedBy"), text(item, "placedAt"), text(item, "reason")));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
