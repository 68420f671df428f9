package io.gfsbackup.worker.persistence;

import static io.gfsbackup.worker.persistence.Attributes.bool;
import static io.gfsbackup.worker.persistence.Attributes.instant;
import static io.gfsbackup.worker.persistence.Attributes.num;
import static io.gfsbackup.worker.persistence.Attributes.put;
import static io.gfsbackup.worker.persistence.Attributes.s;
import static io.gfsbackup.worker.persistence.Attributes.str;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.gfsbackup.contracts.Json;
import io.gfsbackup.contracts.retention.ArchiveLocation;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The archive copies this system made, in the ledger table beside the dues: one item per point, keyed
 * {@code archive-<dueId>}, written once the copy is verified (and again with the warm backup's deletion), so that a
 * repeated request re-publishes the same outcome and the point's expiry deletes exactly its prefix.
 */
public class DynamoDbArchives {

    private static final String KEY = "dueId";
    private static final String KEY_PREFIX = "archive-";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbArchives(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** A verified copy of the point of {@code dueId}, and whether its warm backup and its prefix were deleted. */
    public record ArchiveRecord(UUID dueId, ArchiveLocation location, String exportArn, long itemCount,
                                String storageClass, Instant archivedAt, String archivedBy, boolean warmDeleted,
                                Instant prefixDeletedAt) {

        public ArchiveRecord withWarmDeleted() {
            return new ArchiveRecord(dueId, location, exportArn, itemCount, storageClass, archivedAt, archivedBy,
                    true, prefixDeletedAt);
        }

        public ArchiveRecord withPrefixDeleted(Instant at) {
            return new ArchiveRecord(dueId, location, exportArn, itemCount, storageClass, archivedAt, archivedBy,
                    warmDeleted, at);
        }
    }

    /** Writes {@code record}, replacing what was there. */
    public void record(ArchiveRecord record) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, s(KEY_PREFIX + record.dueId()));
        try {
            item.put("location", s(Json.mapper().writeValueAsString(record.location())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + record.location(), e);
        }
        put(item, "exportArn", record.exportArn());
        item.put("itemCount", AttributeValue.fromN(Long.toString(record.itemCount())));
        put(item, "storageClass", record.storageClass());
        put(item, "archivedAt", record.archivedAt());
        put(item, "archivedBy", record.archivedBy());
        item.put("warmDeleted", AttributeValue.fromBool(record.warmDeleted()));
        put(item, "prefixDeletedAt", record.prefixDeletedAt());
        try {
            dynamo.putItem(b -> b.tableName(table).item(item));
        } catch (ResourceNotFoundException missing) {
            throw new TableUnavailableException("the ledger table " + table, missing);
        }
    }

    public Optional<ArchiveRecord> find(UUID dueId) {
        Map<String, AttributeValue> item;
        try {
            item = dynamo.getItem(b -> b.tableName(table).key(Map.of(KEY, s(KEY_PREFIX + dueId)))
                    .consistentRead(true)).item();
        } catch (ResourceNotFoundException missing) {
            throw new TableUnavailableException("the ledger table " + table, missing);
        }
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        ArchiveLocation location;
        try {
            location = Json.mapper().readValue(str(item, "location"), ArchiveLocation.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable archive location of " + dueId, e);
        }
        return Optional.of(new ArchiveRecord(dueId, location, str(item, "exportArn"), num(item, "itemCount"),
                str(item, "storageClass"), instant(item, "archivedAt"), str(item, "archivedBy"),
                bool(item, "warmDeleted"), instant(item, "prefixDeletedAt")));
    }
}
