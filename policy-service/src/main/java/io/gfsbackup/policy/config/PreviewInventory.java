package io.gfsbackup.policy.config;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.gfsbackup.aws.ApiLimits;
import io.gfsbackup.aws.AwsClients;
import io.gfsbackup.aws.TableInventory;
import io.gfsbackup.policy.service.SelectionPreview;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The policy service's own table inventory, for the selection preview: built on the first preview (a policy service
 * that is never asked for one makes no AWS call), read again per account and region when older than
 * {@code gfs.policy.inventory.max-age}, and paced like every AWS call of the services.
 */
@ApplicationScoped
public class PreviewInventory {

    private final Instance<DynamoDbClient> dynamo;
    private final Optional<String> ownAccountId;
    private AwsClients clients;
    private TableInventory inventory;

    PreviewInventory(Instance<DynamoDbClient> dynamo,
                     @ConfigProperty(name = "gfs.policy.account-id") Optional<String> ownAccountId) {
        this.dynamo = dynamo;
        this.ownAccountId = ownAccountId;
    }

    synchronized TableInventory inventory() {
        if (inventory == null) {
            clients = new AwsClients(dynamo.get(), "gfs-policy-service", ApiLimits.published());
            inventory = new TableInventory(clients, ownAccountId, Clock.systemUTC());
        }
        return inventory;
    }

    @Produces
    @Singleton
    SelectionPreview preview(@ConfigProperty(name = "gfs.policy.inventory.max-age", defaultValue = "PT1M")
                             Duration maxAge) {
        return new SelectionPreview((account, region) -> inventory().snapshot(account, region, maxAge));
    }

    @PreDestroy
    synchronized void close() {
        if (clients != null) {
            clients.close();
        }
    }
}
