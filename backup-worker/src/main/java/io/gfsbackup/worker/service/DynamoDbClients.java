package io.gfsbackup.worker.service;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The configured client for its own region; for a table in another region, a client of that region built once
 * with the same endpoint override (if any) and the default AWS credentials chain.
 */
public final class DynamoDbClients implements RegionalClients, AutoCloseable {

    private final DynamoDbClient home;
    private final Optional<String> homeRegion;
    private final Optional<URI> endpointOverride;
    private final Map<String, DynamoDbClient> others = new ConcurrentHashMap<>();

    public DynamoDbClients(DynamoDbClient home, Optional<String> homeRegion, Optional<URI> endpointOverride) {
        this.home = home;
        this.homeRegion = homeRegion;
        this.endpointOverride = endpointOverride;
    }

    @Override
    public DynamoDbClient forRegion(String region) {
        if (homeRegion.isEmpty() || homeRegion.get().equals(region)) {
            return home;
        }
        return others.computeIfAbsent(region, r -> {
            var builder = DynamoDbClient.builder().region(Region.of(r)).httpClient(UrlConnectionHttpClient.create());
            endpointOverride.ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    @Override
    public void close() {
        others.values().forEach(DynamoDbClient::close);
    }
}
