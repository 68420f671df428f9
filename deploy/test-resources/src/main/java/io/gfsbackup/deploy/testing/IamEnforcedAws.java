package io.gfsbackup.deploy.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.deploy.infra.MotoServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * A moto server of its own that enforces IAM, set up as the documented policies ({@code docs/iam/}) say: in the
 * services' account ({@link #SERVICE_ACCOUNT_ID}) an administrator and one IAM user per service, named
 * {@code gfs-<service>}, with exactly that service's policy and keys of its own; in a second account
 * ({@link #TARGET_ACCOUNT_ID}) an administrator and the role {@code gfs-backup} with the documented permission and
 * trust policies. Every call after {@link #start} is checked against the caller's policies; a call its policies do
 * not allow is refused with {@code AccessDenied} (HTTP 403, the action named in the body).
 *
 * <p>What moto checks (moto 5.1.22, {@code moto/iam/access_control.py}; docs/iam/README.md): the action of every
 * call against the caller's identity policies, or for assumed-role credentials the role's policies; for
 * {@code sts:AssumeRole} also the role ARN against the statement's resources. It does not check the resources of
 * DynamoDB or tagging calls, nor conditions, and it checks a trust policy only when the role is in the caller's own
 * account. So the policies are installed in the form {@link IamPolicy#forMoto()} gives, and the trust policy's role
 * principals name the users of the same names here ({@code role/gfs-backup-worker} becomes
 * {@code user/gfs-backup-worker}): the services run as users because they take static keys as processes.
 *
 * <p>How it is built: moto serves the first {@link #FREE_CALLS} calls unchecked; this class uses a handful of them to
 * create the two administrators (the one of the second account through an {@code AssumeRole} into that account,
 * which moto allows for a role that does not exist), then ends the free calls ({@link MotoServer#enforceIamNow()}),
 * and creates everything else with the administrators' keys.
 */
public final class IamEnforcedAws implements AutoCloseable {

    public static final String SERVICE_ACCOUNT_ID = MotoServer.ACCOUNT_ID;
    public static final String TARGET_ACCOUNT_ID = "222222222222";
    public static final String REGION = MotoServer.REGION;
    public static final String EXTERNAL_ID = "gfs-test-external-id";
    public static final String ROLE_NAME = "gfs-backup";
    /** The services with a policy of their own, {@code docs/iam/<service>.json}. */
    public static final List<String> SERVICES = List.of("scheduler-service", "backup-worker", "retention-service",
            "policy-service", "operations-service");
    public static final String ROLE_PERMISSIONS = "cross-account-role-permissions";
    public static final String ROLE_TRUST = "cross-account-role-trust";
    /** The extra policy of a worker or retention service that creates its tables (create-if-missing: dev, test). */
    public static final String CREATE_TABLES = "create-tables-dev";
    /** More than the setup needs; {@link #start} ends the free calls itself once the administrators exist. */
    static final int FREE_CALLS = 100;

    private static final String POLICY_NAME = "gfs";

    /** Keys of an IAM user or of an assumed role, and the ARN moto names it by in an {@code AccessDenied}. */
    public record Keys(String accessKeyId, String secretAccessKey, String sessionToken, String arn) {

        public AwsCredentialsProvider provider() {
            return StaticCredentialsProvider.create(sessionToken == null
                    ? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
                    : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken));
        }

        /** The variables the AWS SDK's default credentials chain reads. */
        public Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("AWS_ACCESS_KEY_ID", accessKeyId);
            env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
            if (sessionToken != null) {
                env.put("AWS_SESSION_TOKEN", sessionToken);
            }
            return env;
        }

        @Override
        public String toString() {
            return arn;
        }
    }

    private final MotoServer moto;
    private final Path policyDirectory;
    private final Map<String, Keys> admins;
    private final Map<String, Keys> services = new ConcurrentHashMap<>();

    private IamEnforcedAws(MotoServer moto, Path policyDirectory, Map<String, Keys> admins) {
        this.moto = moto;
        this.policyDirectory = policyDirectory;
        this.admins = admins;
    }

    /**
     * Starts the server and sets it up from the policies in {@code policyDirectory} (the project's
     * {@code docs/iam}; see {@link #docsIam()}).
     */
    public static IamEnforcedAws start(Path policyDirectory) {
        for (String name : List.of(SERVICES.get(0), ROLE_PERMISSIONS, ROLE_TRUST)) {
            if (!Files.isRegularFile(policyDirectory.resolve(name + ".json"))) {
                throw new IllegalArgumentException("no IAM policy " + name + ".json in " + policyDirectory);
            }
        }
        MotoServer moto = MotoServer.startEnforcingIam(FREE_CALLS);
        try {
            Keys anyone = new Keys("setup", "setup", null, "anyone");
            Keys admin = createAdmin(moto, anyone, SERVICE_ACCOUNT_ID);
            Keys inTarget;
            try (StsClient sts = sts(moto, anyone)) {
                Credentials c = sts.assumeRole(b -> b.roleArn("arn:aws:iam::" + TARGET_ACCOUNT_ID + ":role/setup")
                        .roleSessionName("setup")).credentials();
                inTarget = new Keys(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), "setup");
            }
            Keys targetAdmin = createAdmin(moto, inTarget, TARGET_ACCOUNT_ID);
            moto.enforceIamNow();
            IamEnforcedAws aws = new IamEnforcedAws(moto, policyDirectory,
                    Map.of(SERVICE_ACCOUNT_ID, admin, TARGET_ACCOUNT_ID, targetAdmin));
            aws.createRole(TARGET_ACCOUNT_ID, ROLE_NAME, aws.trustPolicy(ROLE_TRUST), aws.policy(ROLE_PERMISSIONS));
            for (String service : SERVICES) {
                aws.services.put(service, aws.user("gfs-" + service, aws.policy(service)));
            }
            return aws;
        } catch (RuntimeException e) {
            moto.close();
            throw e;
        }
    }

    /** The project's {@code docs/iam}, found from the working directory (a module's directory under Maven). */
    public static Path docsIam() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs/iam");
            if (Files.isDirectory(candidate) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no docs/iam above " + Path.of("").toAbsolutePath());
    }

    /** The endpoint every client of this server needs as endpoint override. */
    public URI endpoint() {
        return moto.endpoint();
    }

    public MotoServer moto() {
        return moto;
    }

    /** An administrator ({@code "Action": "*"}) of {@code accountId}: the services' or the target account. */
    public Keys admin(String accountId) {
        Keys admin = admins.get(accountId);
        if (admin == null) {
            throw new IllegalArgumentException("no administrator in account " + accountId + "; there are "
                    + admins.keySet());
        }
        return admin;
    }

    /** The administrator of the services' account. */
    public Keys admin() {
        return admin(SERVICE_ACCOUNT_ID);
    }

    /** The keys of the user {@code gfs-<service>}, whose only policy is {@code docs/iam/<service>.json}. */
    public Keys service(String service) {
        Keys keys = services.get(service);
        if (keys == null) {
            throw new IllegalArgumentException("unknown service " + service + "; one of " + SERVICES);
        }
        return keys;
    }

    /**
     * What a service process needs to reach this server as {@code gfs-<service>}: its keys, the region and the
     * DynamoDB endpoint override, as environment variables.
     */
    public Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>(service(service).environment());
        env.put("AWS_REGION", REGION);
        env.put("QUARKUS_DYNAMODB_AWS_REGION", REGION);
        env.put("QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE", endpoint().toString());
        env.put("QUARKUS_DYNAMODB_AWS_CREDENTIALS_TYPE", "default");
        return env;
    }

    /** The target account as a policy's selection names it: the role {@code gfs-backup} and the external id. */
    public AwsAccount targetAccount() {
        return new AwsAccount(TARGET_ACCOUNT_ID, roleArn(), EXTERNAL_ID);
    }

    public String roleArn() {
        return "arn:aws:iam::" + TARGET_ACCOUNT_ID + ":role/" + ROLE_NAME;
    }

    /** The archive bucket the documented policies name. */
    public static final String ARCHIVE_BUCKET = "gfs-archive";

    /** The placeholders of docs/iam as filled in here. */
    public static Map<String, String> placeholders() {
        return Map.of("SERVICE_ACCOUNT_ID", SERVICE_ACCOUNT_ID, "TARGET_ACCOUNT_ID", TARGET_ACCOUNT_ID,
                "HOME_REGION", REGION, "EXTERNAL_ID", EXTERNAL_ID, "ARCHIVE_BUCKET", ARCHIVE_BUCKET);
    }

    /** {@code docs/iam/<name>.json} with the placeholders filled in. */
    public IamPolicy policy(String name) {
        return IamPolicy.read(policyDirectory.resolve(name + ".json")).filledIn(placeholders());
    }

    /** A trust policy of docs/iam, filled in, whose role principals name the users of the same names here. */
    public IamPolicy trustPolicy(String name) {
        return policy(name).mapStrings(s -> s.replace(":role/gfs-", ":user/gfs-"));
    }

    /**
     * A new IAM user {@code name} in the services' account whose only policy is {@code policy} (in moto's form,
     * {@link IamPolicy#forMoto()}), and its keys.
     */
    public Keys user(String name, IamPolicy policy) {
        try (IamClient iam = iam(moto, admin())) {
            iam.createUser(b -> b.userName(name));
            iam.putUserPolicy(b -> b.userName(name).policyName(POLICY_NAME).policyDocument(policy.forMoto()));
            AccessKey key = iam.createAccessKey(b -> b.userName(name)).accessKey();
            return new Keys(key.accessKeyId(), key.secretAccessKey(), null,
                    "arn:aws:iam::" + SERVICE_ACCOUNT_ID + ":user/" + name);
        }
    }

    /**
     * Lets the user {@code gfs-<service>} also assume {@code roleArn}: its documented policy as a deployment fills it
     * in for one more account (the policies list the role of each account they reach, one ARN each).
     */
    public void allowAssumeRole(String service, String roleArn) {
        service(service);
        String statement = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"sts:AssumeRole\",\"Resource\":\"" + roleArn + "\"}]}";
        try (IamClient iam = iam(moto, admin())) {
            iam.putUserPolicy(b -> b.userName("gfs-" + service).policyName(POLICY_NAME + "-assume-"
                    + roleArn.replaceAll("[^A-Za-z0-9]", "-")).policyDocument(statement));
        }
    }

    /** Creates the role {@code name} in {@code accountId}; answers its ARN. */
    public String createRole(String accountId, String name, IamPolicy trust, IamPolicy permissions) {
        try (IamClient iam = iam(moto, admin(accountId))) {
            String arn = iam.createRole(b -> b.roleName(name).assumeRolePolicyDocument(trust.json())).role().arn();
            iam.putRolePolicy(b -> b.roleName(name).policyName(POLICY_NAME).policyDocument(permissions.forMoto()));
            return arn;
        }
    }

    /**
     * Replaces the permission policy of the target account's role {@code gfs-backup}; it applies to the next call
     * of credentials assumed before as well.
     */
    public void setRolePermissions(IamPolicy permissions) {
        try (IamClient iam = iam(moto, admin(TARGET_ACCOUNT_ID))) {
            iam.putRolePolicy(b -> b.roleName(ROLE_NAME).policyName(POLICY_NAME)
                    .policyDocument(permissions.forMoto()));
        }
    }

    /**
     * Creates a table (PAY_PER_REQUEST, string hash key {@code key}) in {@code accountId} as its administrator, with
     * {@code tags}; answers its ARN. For the ledger and hold tables a deployment provisions, and the tables to back up.
     */
    public String createTable(String accountId, String name, String key, Map<String, String> tags) {
        return createTable(accountId, REGION, name, key, tags);
    }

    /** The same in {@code region}. */
    public String createTable(String accountId, String region, String name, String key, Map<String, String> tags) {
        try (DynamoDbClient dynamo = dynamoDb(admin(accountId), region)) {
            String arn = dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName(key)
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName(key).keyType(KeyType.HASH).build()))
                    .tableDescription().tableArn();
            if (!tags.isEmpty()) {
                dynamo.tagResource(b -> b.resourceArn(arn).tags(tags.entrySet().stream()
                        .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList()));
            }
            return arn;
        }
    }

    /** A DynamoDB client on this server in {@link #REGION} with {@code keys}; the caller closes it. */
    public DynamoDbClient dynamoDb(Keys keys) {
        return dynamoDb(keys, REGION);
    }

    /** The same in {@code region}. */
    public DynamoDbClient dynamoDb(Keys keys, String region) {
        return DynamoDbClient.builder().endpointOverride(endpoint()).region(Region.of(region))
                .credentialsProvider(keys.provider()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Override
    public void close() {
        moto.close();
    }

    private static Keys createAdmin(MotoServer moto, Keys caller, String accountId) {
        String everything = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
                + "\"Resource\":\"*\"}]}";
        try (IamClient iam = iam(moto, caller)) {
            iam.createUser(b -> b.userName("gfs-admin"));
            iam.putUserPolicy(b -> b.userName("gfs-admin").policyName(POLICY_NAME).policyDocument(everything));
            AccessKey key = iam.createAccessKey(b -> b.userName("gfs-admin")).accessKey();
            return new Keys(key.accessKeyId(), key.secretAccessKey(), null,
                    "arn:aws:iam::" + accountId + ":user/gfs-admin");
        }
    }

    private static IamClient iam(MotoServer moto, Keys keys) {
        return IamClient.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(keys.provider()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static StsClient sts(MotoServer moto, Keys keys) {
        return StsClient.builder().endpointOverride(moto.endpoint()).region(Region.of(REGION))
                .credentialsProvider(keys.provider()).httpClient(UrlConnectionHttpClient.create()).build();
    }
}
