package io.gfsbackup.retention.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.gfsbackup.retention.persistence.LegalHoldTable;
import io.quarkus.runtime.Startup;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The legal-hold table, checked at start (eager): created only where {@code gfs.retention.holds.create-if-missing}
 * is on (dev, test, the local run); elsewhere a missing table fails the start, naming it.
 */
@ApplicationScoped
public class HoldTableSetup {

    private static final Logger LOG = Logger.getLogger(HoldTableSetup.class);

    @Produces
    @Singleton
    @Startup
    LegalHoldTable legalHoldTable(DynamoDbClient dynamo, HoldTableConfig config) {
        LegalHoldTable holds = new LegalHoldTable(dynamo, config.table());
        try {
            if (config.createIfMissing()) {
                holds.ensureTable();
            } else {
                holds.verifyTable();
            }
        } catch (SdkException e) {
            throw new IllegalStateException("could not create or find the legal-hold table " + holds.table()
                    + ": " + e.getMessage(), e);
        }
        LOG.infof("legal holds are recorded in the DynamoDB table %s", holds.table());
        return holds;
    }
}
