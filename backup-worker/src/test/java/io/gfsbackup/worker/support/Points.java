package io.gfsbackup.worker.support;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.messages.RestoreSource;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.deploy.infra.MotoServer;
import io.gfsbackup.worker.persistence.Ledger;
import io.gfsbackup.worker.persistence.LedgerEntry;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** Restore points in moto, as the worker's ledger records them, for the restore and archive tests. */
public final class Points {

    private Points() {
    }

    /** A DynamoDB client builder on {@code moto} in {@code region}, with moto's keys. */
    public static DynamoDbClientBuilder dynamo(MotoServer moto, String region) {
        return DynamoDbClient.builder().endpointOverride(moto.endpoint()).region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY)));
    }

    /**
     * A new table named after {@code prefix} with {@code items} items ({@code k<i>}), a backup of it, and the ledger
     * entry that makes it this system's point of {@code slot} under {@code policyId}.
     */
    public static RestoreSource backedUp(DynamoDbClient dynamo, Ledger ledger, UUID policyId, Instant slot,
                                         String prefix, int items) {
        TableRef table = Tables.create(dynamo, Tables.uniqueName(prefix));
        for (int i = 0; i < items; i++) {
            Tables.putItem(dynamo, table.name(), "k" + i, "v" + i);
        }
        String arn = dynamo.createBackup(b -> b.tableName(table.name()).backupName(table.name() + "-point"))
                .backupDetails().backupArn();
        DueSlot due = Dues.due(policyId, table, slot, Duration.ofHours(1)).due();
        Instant now = Instant.now();
        if (!ledger.claim(LedgerEntry.claimed(due, "w0", null).created(arn, table.name() + "-point", 0, now, 1, now))) {
            throw new IllegalStateException("the ledger has the due of " + table.name() + " already");
        }
        return new RestoreSource(policyId, table, slot, arn);
    }
}
