package io.gfsbackup.worker.service;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The configured client for its own region; for a table in another region, a client of that region built once
 * with the same endpoint override (if any) and the default AWS credentials chain.
 */
public final class DynamoDbClients implements RegionalClients, AutoCloseable {

    /** More than AWS has regions; a region unused for an hour is closed, so no message can pile up clients. */
    static final int MAX_OTHER_REGIONS = 64;
    static final Duration IDLE = Duration.ofHours(1);

    private final DynamoDbClient home;
    private final Optional<String> homeRegion;
    private final Optional<URI> endpointOverride;
    private final Cache<String, DynamoDbClient> others = Caffeine.newBuilder()
            .maximumSize(MAX_OTHER_REGIONS)
            .expireAfterAccess(IDLE)
            .<String, DynamoDbClient>removalListener((region, client, cause) -> {
                if (client != null) {
                    client.close();
                }
            })
            .build();

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
        return others.get(region, r -> {
            var builder = DynamoDbClient.builder().region(Region.of(r)).httpClient(UrlConnectionHttpClient.create());
            endpointOverride.ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    @Override
    public void close() {
        others.invalidateAll();
        others.cleanUp();
    }

    /** How many clients of other regions are open now (after pending evictions). */
    long otherRegions() {
        others.cleanUp();
        return others.estimatedSize();
    }
}
