package io.gfsbackup.worker.health;

import io.gfsbackup.aws.AwsErrors;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.gfsbackup.worker.persistence.DynamoDbLedger;
import io.gfsbackup.worker.persistence.LedgerClient;

/**
 * Ready when DynamoDB answers and the ledger table is ACTIVE. (Kafka has its own check.) The check goes through
 * the ledger's own client, so with the ledger on its own region or endpoint it is that one that must answer; the
 * response says which ({@code ledger}).
 */
@Readiness
@ApplicationScoped
public class DynamoDbReadiness implements HealthCheck {

    public static final String NAME = "DynamoDB ledger";

    private final DynamoDbLedger ledger;
    private final LedgerClient client;

    DynamoDbReadiness(DynamoDbLedger ledger, LedgerClient client) {
        this.ledger = ledger;
        this.client = client;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            return HealthCheckResponse.named(NAME).status(ledger.reachable())
                    .withData("table", ledger.table()).withData("ledger", client.location()).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named(NAME).down().withData("table", ledger.table())
                    .withData("ledger", client.location()).withData("error", AwsErrors.describe(e)).build();
        }
    }
}
