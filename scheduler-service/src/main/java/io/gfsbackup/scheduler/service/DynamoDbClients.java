package io.gfsbackup.scheduler.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

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

    private final DynamoDbClient configured;
    private final String configuredRegion;
    private final Map<String, DynamoDbClient> others = new ConcurrentHashMap<>();

    public DynamoDbClients(DynamoDbClient configured) {
        this.configured = configured;
        this.configuredRegion = configured.serviceClientConfiguration().region().id();
    }

    @Override
    public DynamoDbClient apply(String region) {
        if (region == null || region.equals(configuredRegion)) {
            return configured;
        }
        return others.computeIfAbsent(region, this::build);
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
        others.values().forEach(DynamoDbClient::close);
        others.clear();
    }
}
