package io.gfsbackup.worker.persistence;

import java.time.Duration;

import org.jboss.logging.Logger;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** Creating (dev and test only) and checking the worker's DynamoDB tables: the ledger and the hold table. */
final class Tables {

    private static final Logger LOG = Logger.getLogger(Tables.class);

    private Tables() {
    }

    /** Creates the table (string hash key {@code key}, PAY_PER_REQUEST) if it is missing; waits until ACTIVE. */
    static void ensure(DynamoDbClient dynamo, String table, String key) {
        try {
            dynamo.createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName(key)
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName(key).keyType(KeyType.HASH).build()));
            LOG.infof("created the table %s", table);
        } catch (ResourceInUseException alreadyThere) {
            // created before, by this or another service
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (dynamo.describeTable(b -> b.tableName(table)).table().tableStatus() != TableStatus.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the table " + table + " did not become ACTIVE");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the table " + table, e);
            }
        }
    }

    /**
     * Checks at start that a table the worker must not create exists and is ACTIVE: a wrong name or a table not
     * provisioned fails the start, naming the table and the settings, instead of every message failing later.
     */
    static void verify(DynamoDbClient dynamo, String table, String what, String definedIn, String nameSetting,
                       String createSetting) {
        TableStatus status;
        try {
            status = dynamo.describeTable(b -> b.tableName(table)).table().tableStatus();
        } catch (ResourceNotFoundException missing) {
            throw new IllegalStateException(what + " " + table + " does not exist: create it as " + definedIn
                    + " says (key dueId, string; point-in-time recovery and deletion protection on), or fix "
                    + nameSetting + "; the worker creates it only in dev and test (" + createSetting + ")", missing);
        }
        if (status != TableStatus.ACTIVE) {
            throw new IllegalStateException(what + " " + table + " is " + status + ", not ACTIVE");
        }
    }
}
