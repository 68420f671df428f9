package io.gfsbackup.worker.persistence;

import java.net.URI;
import java.util.Optional;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The DynamoDB client the ledger talks to. By default it is the worker's own (home) client, so the ledger table
 * lives where the worker's backups of its own region are made. With {@code gfs.worker.ledger.region} and/or
 * {@code gfs.worker.ledger.endpoint-override} it is a client of its own, so that workers backing up tables in
 * several regions (or one worker per region) can share one ledger in one place.
 *
 * <p>A client of its own is built with the URL connection HTTP client, the default AWS credentials chain, and an endpoint override only if one applies. What is not set for the
 * ledger is taken from the home client's configuration ({@code quarkus.dynamodb.aws.region},
 * {@code quarkus.dynamodb.endpoint-override}), and a region missing there too from the SDK's default region chain.
 * Only a client built here is closed here; the home client belongs to Quarkus.
 */
public final class LedgerClient implements AutoCloseable {

    static final String REGION_KEY = "gfs.worker.ledger.region";
    static final String ENDPOINT_KEY = "gfs.worker.ledger.endpoint-override";

    private final DynamoDbClient client;
    private final boolean own;
    private final String location;

    private LedgerClient(DynamoDbClient client, boolean own, String location) {
        this.client = client;
        this.own = own;
        this.location = location;
    }

    /**
     * The home client when neither the ledger's region nor its endpoint is set (as before there was a choice),
     * else a client of the ledger's own.
     *
     * @throws IllegalArgumentException if the endpoint is not an absolute http(s) URI, or no region can be found
     */
    public static LedgerClient of(DynamoDbClient home, Optional<String> homeRegion, Optional<URI> homeEndpoint,
                                  Optional<String> ledgerRegion, Optional<URI> ledgerEndpoint) {
        Optional<String> region = ledgerRegion.filter(r -> !r.isBlank());
        if (region.isEmpty() && ledgerEndpoint.isEmpty()) {
            return new LedgerClient(home, false, "the worker's own DynamoDB client");
        }
        ledgerEndpoint.ifPresent(LedgerClient::checkEndpoint);
        Optional<String> effectiveRegion = region.or(() -> homeRegion.filter(r -> !r.isBlank()));
        Optional<URI> effectiveEndpoint = ledgerEndpoint.or(() -> homeEndpoint);
        DynamoDbClientBuilder builder = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create());
        effectiveRegion.map(Region::of).ifPresent(builder::region);
        effectiveEndpoint.ifPresent(builder::endpointOverride);
        DynamoDbClient client;
        try {
            client = builder.build();
        } catch (SdkClientException e) {
            throw new IllegalArgumentException("cannot build the ledger's DynamoDB client: no region (set "
                    + REGION_KEY + " or quarkus.dynamodb.aws.region): " + e.getMessage(), e);
        }
        String where = "its own DynamoDB client, region " + client.serviceClientConfiguration().region()
                + effectiveEndpoint.map(e -> ", endpoint " + e).orElse("");
        return new LedgerClient(client, true, where);
    }

    private static void checkEndpoint(URI endpoint) {
        String scheme = endpoint.getScheme();
        if (!endpoint.isAbsolute() || endpoint.getHost() == null
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new IllegalArgumentException(ENDPOINT_KEY + " must be an absolute http or https URI such as "
                    + "http://localhost:5000, not '" + endpoint + "'");
        }
    }

    public DynamoDbClient client() {
        return client;
    }

    /** Whether the ledger has a client of its own (its region or endpoint is configured). */
    public boolean isOwn() {
        return own;
    }

    /** Where the ledger's calls go, for logs and the readiness check. */
    public String location() {
        return location;
    }

    /** Closes the client if it was built here; the home client is left to Quarkus. */
    @Override
    public void close() {
        if (own) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return location;
    }
}
