package io.gfsbackup.aws;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.gfsbackup.contracts.policy.AwsAccount;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The clients of every account and region the services reach. The services' own account uses the configured
 * credentials (the AWS default chain, or what the deployment gives); another account uses the role its policy names,
 * assumed through STS ({@link AssumedRoleCredentials}: cached, refreshed before it expires). A client is built on
 * first use, with the same endpoint override as the configured one (which only tests and the local run set), and
 * closed when unused for {@link #IDLE}; so the accounts and regions of messages cannot pile up clients.
 */
public final class AwsClients implements AutoCloseable {

    static final Duration IDLE = Duration.ofHours(1);
    static final int MAX_CLIENTS = 1024;

    private final IdentityProvider<? extends AwsCredentialsIdentity> own;
    private final String homeRegion;
    private final Optional<URI> endpointOverride;
    private final String sessionName;
    private final ApiLimits limits;
    private final Clock clock;
    private final DynamoDbClient configured;
    private final StsClient sts;
    private volatile String ownAccountId;
    private final Cache<String, AssumedRoleCredentials> roles = Caffeine.newBuilder()
            .maximumSize(MAX_CLIENTS).expireAfterAccess(IDLE).build();
    private final Cache<String, SdkClient> clients = Caffeine.newBuilder()
            .maximumSize(MAX_CLIENTS)
            .expireAfterAccess(IDLE)
            .<String, SdkClient>removalListener((key, client, cause) -> {
                if (client != null) {
                    client.close();
                }
            })
            .build();

    /**
     * Clients like {@code configured} (its credentials, region and endpoint override); {@code configured} itself
     * serves DynamoDB calls of the own account in its region and stays its owner's to close.
     */
    public AwsClients(DynamoDbClient configured, String sessionName, ApiLimits limits) {
        this(configured, sessionName, limits, Clock.systemUTC());
    }

    AwsClients(DynamoDbClient configured, String sessionName, ApiLimits limits, Clock clock) {
        DynamoDbServiceClientConfiguration like = configured.serviceClientConfiguration();
        this.configured = configured;
        this.own = like.credentialsProvider();
        this.homeRegion = like.region().id();
        this.endpointOverride = like.endpointOverride();
        this.sessionName = sessionName;
        this.limits = limits;
        this.clock = clock;
        var sts = StsClient.builder().region(Region.of(homeRegion)).credentialsProvider(own)
                .httpClient(UrlConnectionHttpClient.create());
        endpointOverride.ifPresent(sts::endpointOverride);
        this.sts = sts.build();
    }

    /** The pacing every call through these clients keeps to. */
    public ApiLimits limits() {
        return limits;
    }

    /** The region of the configured client: STS is called there, and a ledger or hold table lives there. */
    public String homeRegion() {
        return homeRegion;
    }

    /** DynamoDB in {@code region} of {@code account} ({@code null}: the services' own account). */
    public DynamoDbClient dynamoDb(AwsAccount account, String region) {
        if (account == null && region.equals(homeRegion)) {
            return configured;
        }
        return client("dynamodb", account, region, credentials -> {
            var builder = DynamoDbClient.builder().region(Region.of(region)).credentialsProvider(credentials)
                    .httpClient(UrlConnectionHttpClient.create());
            endpointOverride.ifPresent(builder::endpointOverride);
            return builder.build();
        }, DynamoDbClient.class);
    }

    /** The Resource Groups Tagging API in {@code region} of {@code account} ({@code null}: the own account). */
    public ResourceGroupsTaggingApiClient tagging(AwsAccount account, String region) {
        return client("tagging", account, region, credentials -> {
            var builder = ResourceGroupsTaggingApiClient.builder().region(Region.of(region))
                    .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create());
            endpointOverride.ifPresent(builder::endpointOverride);
            return builder.build();
        }, ResourceGroupsTaggingApiClient.class);
    }

    /**
     * S3 in {@code region} with the credentials of {@code account} ({@code null}: the own account), for the archive
     * tier. With an endpoint override (tests, the local run) buckets are addressed by path, as moto serves them.
     */
    public S3Client s3(AwsAccount account, String region) {
        return client("s3", account, region, credentials -> {
            var builder = S3Client.builder().region(Region.of(region)).credentialsProvider(credentials)
                    .httpClient(UrlConnectionHttpClient.create());
            endpointOverride.ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
            return builder.build();
        }, S3Client.class);
    }

    /** The services' own account id, asked of STS once ({@code GetCallerIdentity}). */
    public String ownAccountId() {
        String id = ownAccountId;
        if (id == null) {
            id = limits.call(AwsOperation.GET_CALLER_IDENTITY, new AwsScope(null, homeRegion),
                    () -> sts.getCallerIdentity().account());
            ownAccountId = id;
        }
        return id;
    }

    /** The credentials calls in {@code account} are made with ({@code null}: the own account). */
    public IdentityProvider<? extends AwsCredentialsIdentity> credentials(AwsAccount account) {
        if (account == null) {
            return own;
        }
        return roles.get(account.accountId() + "|" + account.roleArn() + "|" + account.externalId(),
                key -> new AssumedRoleCredentials(account, sts, homeRegion, sessionName, limits, clock));
    }

    private <C extends SdkClient> C client(String service, AwsAccount account, String region,
                                           Function<IdentityProvider<? extends AwsCredentialsIdentity>, C> build, Class<C> type) {
        String key = service + "|" + (account == null ? "" : account.accountId() + "|" + account.roleArn() + "|"
                + account.externalId()) + "|" + region;
        return type.cast(clients.get(key, k -> build.apply(credentials(account))));
    }

    /** How many clients are open now (after pending evictions). */
    long open() {
        clients.cleanUp();
        return clients.estimatedSize();
    }

    @Override
    public void close() {
        clients.invalidateAll();
        clients.cleanUp();
        sts.close();
    }
}
