package io.gfsbackup.worker.service;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The DynamoDB client that reaches tables in a region: backups are made in the table's own region. */
@FunctionalInterface
public interface RegionalClients {

    DynamoDbClient forRegion(String region);
}
