package io.gfsbackup.worker.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.gfsbackup.worker.persistence.DynamoDbLedger;
import io.gfsbackup.worker.service.AwsErrors;

/** Ready when DynamoDB answers and the ledger table is ACTIVE. (Kafka has its own check.) */
@Readiness
@ApplicationScoped
public class DynamoDbReadiness implements HealthCheck {

    public static final String NAME = "DynamoDB ledger";

    private final DynamoDbLedger ledger;

    DynamoDbReadiness(DynamoDbLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            return HealthCheckResponse.named(NAME).status(ledger.reachable())
                    .withData("table", ledger.table()).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named(NAME).down().withData("table", ledger.table())
                    .withData("error", AwsErrors.describe(e)).build();
        }
    }
}
