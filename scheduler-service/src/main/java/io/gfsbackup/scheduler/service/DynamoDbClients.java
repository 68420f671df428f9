package io.gfsbackup.scheduler.service;

import java.time.Duration;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;

/**
 * A DynamoDB client per region: a policy's tables live in the policy's region. The configured client serves its
 * own region; another region gets a client built like it (same credentials provider, same endpoint override, which
 * only a test or local run sets), created on first use and kept.
 */
public final class DynamoDbClients implements Function<String, DynamoDbClient>, AutoCloseable {

    /** More than AWS has regions; a region unused for an hour is closed, so no message can pile up clients. */
    static final int MAX_OTHER_REGIONS = 64;
    static final Duration IDLE = Duration.ofHours(1);

    private final DynamoDbClient configured;
    private final String configuredRegion;
    private final Cache<String, DynamoDbClient> others = Caffeine.newBuilder()
            .maximumSize(MAX_OTHER_REGIONS)
            .expireAfterAccess(IDLE)
            .<String, DynamoDbClient>removalListener((region, client, cause) -> {
                if (client != null) {
                    client.close();
                }
            })
            .build();

    public DynamoDbClients(DynamoDbClient configured) {
        this.configured = configured;
        this.configuredRegion = configured.serviceClientConfiguration().region().id();
    }

    @Override
    public DynamoDbClient apply(String region) {
        if (region == null || region.equals(configuredRegion)) {
            return configured;
        }
        return others.get(region, this::build);
    }

    private DynamoDbClient build(String region) {
        DynamoDbServiceClientConfiguration like = configured.serviceClientConfiguration();
        var builder = DynamoDbClient.builder()
                .region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(like.credentialsProvider());
        like.endpointOverride().ifPresent(builder::endpointOverride);
        return builder.build();
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
