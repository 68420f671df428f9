package io.gfsbackup.retention.persistence;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * The legal holds as the backup worker reads them: a DynamoDB table beside its ledger, one item per held point,
 * keyed by the point's due id ({@code dueId}, string: {@code Ids.dueId(policyId, tableArn, slot)}). An item present
 * means the point is held, so the worker refuses to delete its backup even when a {@code PointExpired} asks for it.
 * The item's other attributes ({@code chainId}, {@code tableArn}, {@code slot}, {@code placedBy}, {@code reason},
 * {@code placedAt}) are for people. Writes are plain puts and deletes: the retention service serialises the holds of
 * one chain, and the chain, not this table, decides whether a point is held.
 *
 * <p>Every DynamoDB failure (the table missing, throttling, the endpoint away) is a
 * {@link HoldTableUnavailableException}: the hold is not recorded, and the caller may try again.
 */
public class LegalHoldTable {

    private static final Logger LOG = Logger.getLogger(LegalHoldTable.class);
    static final String KEY = "dueId";

    private final DynamoDbClient dynamo;
    private final String table;

    /** One held point, as stored. */
    public record Hold(UUID dueId, UUID chainId, String tableArn, Instant slot, String placedBy, String reason,
                       Instant placedAt) {
    }

    public LegalHoldTable(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public String table() {
        return table;
    }

    /** Creates the table (PAY_PER_REQUEST) if it is missing and waits until it is ACTIVE: dev, test, local run. */
    public void ensureTable() {
        try {
            dynamo.createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName(KEY)
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName(KEY).keyType(KeyType.HASH).build()));
            LOG.infof("created the legal-hold table %s", table);
        } catch (ResourceInUseException alreadyThere) {
            // created before, by this or another instance
        }
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (status() != TableStatus.ACTIVE) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the legal-hold table " + table + " did not become ACTIVE");
            }
            pause();
        }
    }

    /**
     * Checks at start that the table exists and is ACTIVE, where the service must not create it: a wrong name or
     * a table not provisioned fails the start, naming the table, instead of every legal hold failing later.
     */
    public void verifyTable() {
        TableStatus status;
        try {
            status = status();
        } catch (ResourceNotFoundException missing) {
            throw new IllegalStateException("the legal-hold table " + table + " does not exist: create it as "
                    + "docs/retention-service.md says (PAY_PER_REQUEST, key dueId, string; point-in-time recovery "
                    + "and deletion protection on), or fix gfs.retention.holds.table; the retention service creates "
                    + "it only in dev and test (gfs.retention.holds.create-if-missing)", missing);
        }
        if (status != TableStatus.ACTIVE) {
            throw new IllegalStateException("the legal-hold table " + table + " is " + status + ", not ACTIVE");
        }
    }

    /** Records {@code hold}, replacing what was recorded for its point; answers that, if anything. */
    public Optional<Hold> put(Hold hold) {
        Map<String, AttributeValue> old;
        try {
            old = dynamo.putItem(b -> b.tableName(table).item(toItem(hold)).returnValues(ReturnValue.ALL_OLD))
                    .attributes();
        } catch (SdkException e) {
            throw new HoldTableUnavailableException(table, "record the hold of " + hold.dueId(), e);
        }
        return holdOf(old);
    }

    /** Removes the hold of a point; answers what was recorded, if anything. */
    public Optional<Hold> remove(UUID dueId) {
        Map<String, AttributeValue> old;
        try {
            old = dynamo.deleteItem(b -> b.tableName(table).key(Map.of(KEY, s(dueId.toString())))
                    .returnValues(ReturnValue.ALL_OLD)).attributes();
        } catch (SdkException e) {
            throw new HoldTableUnavailableException(table, "remove the hold of " + dueId, e);
        }
        return holdOf(old);
    }

    /**
     * Puts back what {@link #put} or {@link #remove} answered for the point of {@code dueId}: {@code previous}, or
     * no item at all.
     */
    public void restore(UUID dueId, Optional<Hold> previous) {
        if (previous.isPresent()) {
            put(previous.get());
        } else {
            remove(dueId);
        }
    }

    private static Optional<Hold> holdOf(Map<String, AttributeValue> item) {
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    private TableStatus status() {
        return dynamo.describeTable(b -> b.tableName(table)).table().tableStatus();
    }

    static Map<String, AttributeValue> toItem(Hold hold) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, s(hold.dueId().toString()));
        item.put("chainId", s(hold.chainId().toString()));
        item.put("tableArn", s(hold.tableArn()));
        item.put("slot", s(hold.slot().toString()));
        item.put("placedAt", s(hold.placedAt().toString()));
        if (hold.placedBy() != null) {
            item.put("placedBy", s(hold.placedBy()));
        }
        if (hold.reason() != null) {
            item.put("reason", s(hold.reason()));
        }
        return item;
    }

    static Hold fromItem(Map<String, AttributeValue> item) {
        return new Hold(UUID.fromString(text(item, KEY)), UUID.fromString(text(item, "chainId")),
                text(item, "tableArn"), Instant.parse(text(item, "slot")), text(item, "placedBy"),
                text(item, "reason"), Instant.parse(text(item, "placedAt")));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the legal-hold table", e);
        }
    }
}
