package io.gfsbackup.deploy.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

import io.gfsbackup.clock.ClockDriver;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.contracts.policy.PolicyJson;
import io.gfsbackup.deploy.infra.InfrastructureException;
import io.gfsbackup.deploy.infra.JwtIssuer;
import io.gfsbackup.deploy.infra.KafkaBroker;
import io.gfsbackup.deploy.infra.MotoServer;
import io.gfsbackup.deploy.infra.PostgresServer;
import io.gfsbackup.deploy.infra.Processes;
import io.gfsbackup.deploy.infra.Topology;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * The whole system on one machine: a real Kafka broker, PostgreSQL and moto server, and the five services as
 * separate processes from their packaged jars. The local run ({@link #main}) and the system tests use it alike.
 *
 * <p>Everything it writes goes to {@code <root>/.local/} (git-ignored): service logs, the generated JWT public
 * key and one ready-to-use bearer token per role.
 */
public final class LocalRun implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration TOKEN_VALIDITY = Duration.ofDays(1);
    /** The demo policy: the Veeam example, the same sample the policy API's tests send. */
    public static final String DEMO_POLICY = "policy-service/samples/veeam-policy-demo.json";
    /** The bucket the demo policy's archive tier copies its monthly points to (docs/archive.md). */
    public static final String DEMO_ARCHIVE_BUCKET = "gfs-archive";
    /** The shared secret the demo's webhook rule signs with (local use only). */
    public static final String DEMO_WEBHOOK_SECRET = "local-demo-secret";

    private final Path root;
    private final Path workDirectory;
    private final PrintStream out;
    private final List<AutoCloseable> servers = new ArrayList<>();
    private final ToIntFunction<Service> ports;
    private final Map<Service, ServiceProcess> services = new ConcurrentHashMap<>();
    private KafkaBroker kafka;
    private PostgresServer postgres;
    private MotoServer moto;
    private WebhookSink webhook;
    private final AwsEndpoint aws;
    private JwtIssuer jwt;
    private Path publicKey;

    private final Instant controlledClockStart;
    private ClockDriver clock;

    private LocalRun(Settings settings) {
        this.root = settings.root();
        this.ports = settings.ports();
        this.workDirectory = settings.workDirectory();
        this.out = settings.out();
        this.controlledClockStart = settings.controlledClockStart();
        this.aws = settings.aws();
    }

    /**
     * How to start a stack. {@code root} is the repository (where the service jars are built); logs, keys and
     * tokens go to {@code workDirectory}; each service listens on the port {@code ports} gives it. With a
     * {@code controlledClockStart}, every service reads the time from the {@code clock} topic, which starts at that
     * instant and moves only through {@link #clock()}; without one, the services read the system clock. With
     * {@code demoData}, the demo tables and the demo policy are created.
     */
    public record Settings(Path root, Path workDirectory, PrintStream out, ToIntFunction<Service> ports,
                           Instant controlledClockStart, boolean demoData, AwsEndpoint aws) {

        /** With a moto server of the stack's own, every service using its shared keys. */
        public Settings(Path root, Path workDirectory, PrintStream out, ToIntFunction<Service> ports,
                        Instant controlledClockStart, boolean demoData) {
            this(root, workDirectory, out, ports, controlledClockStart, demoData, null);
        }
    }

    /**
     * An AWS endpoint started by the caller instead of the stack's own moto (for example one that enforces IAM), and
     * the environment of each service for it: its own credentials and any settings that differ.
     */
    public interface AwsEndpoint {
        URI endpoint();

        Map<String, String> environment(Service service);
    }

    /** Starts the servers, writes the tokens, creates the demo tables and starts and awaits the five services. */
    public static LocalRun start(Settings settings) {
        LocalRun stack = new LocalRun(settings);
        try {
            stack.startServers();
            stack.startWebhookSink();
            stack.startClock();
            stack.writeTokens();
            if (settings.demoData()) {
                stack.createDemoTables();
            }
            for (Service service : Service.values()) {
                stack.startService(service);
            }
            for (Service service : Service.values()) {
                ServiceProcess process = stack.services.get(service);
                process.awaitReady(READY_TIMEOUT);
                stack.out.printf("  %-18s ready on %s%n", process.service().module(), process.baseUri());
            }
            if (settings.demoData()) {
                stack.createDemoPolicy();
                stack.createDemoNotificationRule();
            }
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startServers() {
        out.println("Starting Kafka (KRaft), PostgreSQL and moto ...");
        kafka = remember(KafkaBroker.start());
        kafka.createTopics(Topology.topics());
        out.println("  kafka              " + kafka.bootstrapServers());
        postgres = remember(PostgresServer.start());
        out.println("  postgresql         " + postgres.jdbcUrl());
        if (aws != null) {
            out.println("  aws                " + aws.endpoint() + " (given)");
            return;
        }
        if (!MotoServer.isInstalled()) {
            out.println("  moto               installing " + MotoServer.MOTO_VERSION + " into "
                    + MotoServer.venvDirectory() + " (first run only) ...");
        }
        moto = remember(MotoServer.start());
        out.println("  moto               " + moto.endpoint());
    }

    private void startWebhookSink() {
        webhook = remember(WebhookSink.start(0, workDirectory.resolve("logs").resolve("notifications.log"), out));
        out.println("  webhook receiver   " + webhook.url() + " (notifications also go to "
                + root.relativize(workDirectory.resolve("logs").resolve("notifications.log")) + ")");
    }

    /** The local webhook receiver that the demo's notification rule delivers to. */
    public WebhookSink webhook() {
        return webhook;
    }

    private void startClock() {
        if (controlledClockStart != null) {
            clock = remember(new ClockDriver(kafka.bootstrapServers(), Topics.CLOCK));
            clock.set(controlledClockStart);
            out.println("  clock              controlled, starts at " + controlledClockStart);
        }
    }

    /** The driver of the services' clock; only for a stack started with a controlled clock. */
    public ClockDriver clock() {
        if (clock == null) {
            throw new IllegalStateException("this stack runs on the system clock");
        }
        return clock;
    }

    private void writeTokens() {
        jwt = new JwtIssuer();
        try {
            Path keys = Files.createDirectories(workDirectory.resolve("keys"));
            publicKey = keys.resolve("jwt-public.pem");
            Files.writeString(publicKey, jwt.publicKeyPem());
            Path tokens = Files.createDirectories(workDirectory.resolve("tokens"));
            for (String role : JwtIssuer.ROLES) {
                String subject = "local-" + role.substring(role.indexOf('-') + 1);
                Files.writeString(tokens.resolve(role + ".jwt"), jwt.token(subject, List.of(role), TOKEN_VALIDITY));
            }
        } catch (IOException e) {
            throw new InfrastructureException("could not write tokens under " + workDirectory, e);
        }
    }

    private void createDemoTables() {
        try (DynamoDbClient dynamo = dynamoClient()) {
            DemoTables.create(dynamo);
        }
        out.println("  demo tables        " + DemoTables.TABLES.stream().map(DemoTables.DemoTable::name).toList());
        createArchiveBucket();
        out.println("  archive bucket     s3://" + DEMO_ARCHIVE_BUCKET + " (the demo policy's monthly points, 30 days"
                + " after their slot)");
    }

    /** Creates the bucket of the demo policy's archive tier in moto, unless it exists. */
    public void createArchiveBucket() {
        try (S3Client s3 = s3Client()) {
            s3.createBucket(b -> b.bucket(DEMO_ARCHIVE_BUCKET));
        } catch (BucketAlreadyOwnedByYouException exists) {
            // a second start on the same moto
        }
    }

    /** An S3 client on the stack's moto server (buckets addressed by path); the caller closes it. */
    public S3Client s3Client() {
        return S3Client.builder()
                .endpointOverride(awsEndpoint())
                .forcePathStyle(true)
                .region(Region.of(MotoServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Creates the demo policy (the Veeam example) through the policy API, unless it exists already. */
    private void createDemoPolicy() {
        Path body = root.resolve(DEMO_POLICY);
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            services.get(Service.POLICY).baseUri().resolve("/api/v1/policies"))
                    .header("Authorization", "Bearer " + token(JwtIssuer.ADMIN))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofFile(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201 && response.statusCode() != 409) {
                throw new InfrastructureException("creating the demo policy answered " + response.statusCode()
                        + ": " + response.body());
            }
            out.println("  demo policy        " + root.relativize(body) + " (POST /api/v1/policies)");
        } catch (IOException e) {
            throw new InfrastructureException("could not create the demo policy from " + body, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while creating the demo policy", e);
        }
    }

    /**
     * Creates the demo's notification rule through the operations API: every event of every policy goes to the local
     * webhook receiver, signed with {@link #DEMO_WEBHOOK_SECRET}.
     */
    private void createDemoNotificationRule() {
        String body = """
                {"name": "local webhook", "enabled": true,
                 "events": ["BACKUP_FAILED", "SLOT_MISSED", "RETENTION_GAP", "DELETION_FAILED", "DELETION_REFUSED",
                            "DELETIONS_PAUSED", "RESTORE_FAILED", "RESTORE_TEST_FAILED", "ARCHIVE_FAILED"],
                 "policies": [],
                 "channel": {"type": "WEBHOOK", "url": "%s", "secret": "%s"}}
                """.formatted(webhook.url(), DEMO_WEBHOOK_SECRET);
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            services.get(Service.OPERATIONS).baseUri().resolve("/api/v1/notification-rules"))
                    .header("Authorization", "Bearer " + token(JwtIssuer.ADMIN))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new InfrastructureException("creating the demo notification rule answered "
                        + response.statusCode() + ": " + response.body());
            }
            out.println("  notification rule  every event of every policy to the webhook receiver"
                    + " (POST /api/v1/notification-rules)");
        } catch (IOException e) {
            throw new InfrastructureException("could not create the demo notification rule", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while creating the demo notification rule", e);
        }
    }

    /**
     * Waits until the scheduler has read the policies it owns ({@code gfs_scheduler_policies_owned}), so that the
     * demo clock's first step does not pass a slot before the scheduler knows the demo policy.
     */
    void awaitSchedulerOwnsThePolicies() throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest metrics = HttpRequest.newBuilder(services.get(Service.SCHEDULER).baseUri().resolve("/q/metrics"))
                .build();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            try {
                String body = http.send(metrics, HttpResponse.BodyHandlers.ofString()).body();
                if (body.lines().anyMatch(line -> line.startsWith("gfs_scheduler_policies_owned")
                        && !line.endsWith(" 0.0"))) {
                    return;
                }
            } catch (IOException notYet) {
                // asked again below
            }
            Thread.sleep(250);
        }
        out.println("the scheduler does not own the demo policy yet; the demo clock starts anyway");
    }

    /** How many backups each demo table the demo policy selects has now, e.g. {@code orders 5, customers 5}. */
    String demoBackupCounts() {
        try (DynamoDbClient dynamo = dynamoClient()) {
            StringBuilder counts = new StringBuilder("backups now:");
            for (DemoTables.DemoTable table : DemoTables.TABLES) {
                int count = dynamo.listBackups(b -> b.tableName(table.name())).backupSummaries().size();
                counts.append(' ').append(table.name()).append(' ').append(count).append(',');
            }
            return counts.substring(0, counts.length() - 1);
        } catch (RuntimeException e) {
            return "backups now: unknown (" + e.getMessage() + ")";
        }
    }

    /** A DynamoDB client on the stack's moto server; the caller closes it. */
    public DynamoDbClient dynamoClient() {
        return DynamoDbClient.builder()
                .endpointOverride(awsEndpoint())
                .region(Region.of(MotoServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Starts one service's process (again, after {@link #kill}). */
    public ServiceProcess startService(Service service) {
        Map<String, String> environment = serviceEnvironment();
        if (aws != null) {
            environment.putAll(aws.environment(service));
        }
        ServiceProcess process = ServiceProcess.start(service, root, ports.applyAsInt(service), environment,
                workDirectory.resolve("logs"));
        services.put(service, process);
        return process;
    }

    /** Kills a service's process at once, as {@code kill -9} would. */
    public void kill(Service service) {
        ServiceProcess process = services.get(service);
        if (process != null) {
            Processes.kill(process.handle());
            process.handle().onExit().join();
        }
    }

    public Path workDirectory() {
        return workDirectory;
    }

    public ServiceProcess service(Service service) {
        return services.get(service);
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    /** A fresh token for {@code role}, signed by this stack's key. */
    public String token(String role) {
        return jwt.token("local-run-" + role.substring(role.indexOf('-') + 1), List.of(role), TOKEN_VALIDITY);
    }

    /** The settings every service gets, as environment variables, so that it reaches this stack's servers. */
    private Map<String, String> serviceEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", postgres.username());
        env.put("QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE", awsEndpoint().toString());
        env.put("QUARKUS_DYNAMODB_AWS_REGION", MotoServer.REGION);
        env.put("AWS_REGION", MotoServer.REGION);
        env.put("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_ACCESS_KEY);
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toString());
        env.put("MP_JWT_VERIFY_ISSUER", JwtIssuer.ISSUER);
        env.put("MP_JWT_VERIFY_AUDIENCES", JwtIssuer.AUDIENCE);
        env.put("GFS_CLOCK_SOURCE", controlledClockStart == null ? "system" : "kafka");
        if (controlledClockStart != null) {
            // the demo's clock jumps by design (a slot every few seconds): the retention service's clock guard
            // trusts a month ahead of wall time, so that only a jump like a year's pauses deletions
            env.put("GFS_RETENTION_CLOCK_GUARD_MAX_LEAD", "P30D");
            env.put("GFS_RETENTION_CLOCK_GUARD_EXPIRY_SLACK", "10");
        }
        // moto starts empty: the worker creates its ledger table and the retention service its legal-hold table
        // (the worker too, whichever starts first), which neither does in production
        env.put("GFS_WORKER_LEDGER_CREATE_IF_MISSING", "true");
        env.put("GFS_WORKER_HOLDS_CREATE_IF_MISSING", "true");
        env.put("GFS_RETENTION_HOLDS_CREATE_IF_MISSING", "true");
        // the local webhook receiver listens on plain http on the loopback interface; SNS is moto's
        env.put("GFS_OPERATIONS_CHANNELS_ALLOW_PLAIN_HTTP", "true");
        env.put("GFS_OPERATIONS_SNS_ENDPOINT_OVERRIDE", awsEndpoint().toString());
        return env;
    }

    private URI awsEndpoint() {
        return aws != null ? aws.endpoint() : moto.endpoint();
    }

    private <T extends AutoCloseable> T remember(T server) {
        servers.add(0, server);
        return server;
    }

    /** Stops the services, then the servers, in reverse order of start. */
    @Override
    public synchronized void close() {
        services.values().parallelStream().forEach(ServiceProcess::close);
        services.clear();
        for (AutoCloseable server : servers) {
            try {
                server.close();
            } catch (Exception e) {
                out.println("could not stop " + server.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        servers.clear();
    }

    /**
     * Runs the stack in the foreground until Ctrl-C (or SIGTERM), which stops every process it started. Tokens
     * and logs go to {@code .local} under the repository root, or to the directory {@code -Dgfs.work-dir} names;
     * each service's port can be changed with an environment variable ({@link Service#port()}). By default the services
     * run on the demo's fast clock ({@link DemoClock}); {@code --system-clock} runs them on real time instead, and
     * {@code --step-seconds N} sets how much real time one slot of the demo takes (default 3).
     */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("gfs.root", ".")).toAbsolutePath().normalize();
        boolean systemClock = List.of(args).contains("--system-clock");
        int stepSeconds = 3;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--step-seconds")) {
                stepSeconds = Integer.parseInt(args[i + 1]);
            }
        }
        Path workDirectory = Path.of(System.getProperty("gfs.work-dir", root.resolve(".local").toString()));
        LocalRun stack = start(new Settings(root, workDirectory, System.out, Service::port,
                systemClock ? null : DemoClock.startOfDemo(), true));
        DemoClock demo = systemClock ? null : new DemoClock(stack.clock(),
                PolicyJson.read(Files.readString(root.resolve(DEMO_POLICY))).value(),
                Duration.ofSeconds(stepSeconds), System.out, stack::demoBackupCounts);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping every process the local run started ...");
            if (demo != null) {
                demo.close();
            }
            stack.close();
        }, "local-stack-shutdown"));
        stack.printWelcome();
        if (demo != null) {
            stack.awaitSchedulerOwnsThePolicies();
            System.out.println("The demo clock moves to the next slot of the demo policy every " + stepSeconds
                    + " s (a week in about " + (14 * stepSeconds) + " s); --system-clock runs on real time.");
            demo.start();
        }
        stack.watch();
    }

    private void printWelcome() {
        Path tokens = root.relativize(workDirectory.resolve("tokens"));
        out.println();
        out.println("The system is running. Bearer tokens, one per role (valid for " + TOKEN_VALIDITY.toHours() + " h):");
        for (String role : JwtIssuer.ROLES) {
            out.println("  " + tokens.resolve(role + ".jwt"));
        }
        out.println("Use one like this:");
        out.println("  curl -H \"Authorization: Bearer $(cat " + tokens.resolve(JwtIssuer.VIEWER + ".jwt") + ")\" "
                + services.get(Service.POLICY).baseUri() + "/api/v1/policies");
        out.println("Jobs, newest first, and which tables no policy protects:");
        out.println("  curl -H \"Authorization: Bearer $(cat " + tokens.resolve(JwtIssuer.VIEWER + ".jwt") + ")\" "
                + services.get(Service.OPERATIONS).baseUri() + "/api/v1/jobs");
        out.println("  curl -H \"Authorization: Bearer $(cat " + tokens.resolve(JwtIssuer.VIEWER + ".jwt") + ")\" "
                + services.get(Service.OPERATIONS).baseUri() + "/api/v1/protection");
        if (moto != null) {
            out.println("Make the next backups of 'orders' and 'customers' fail (delete both tables in moto; the"
                    + " scheduler's inventory still names them for a while) and watch one grouped notification arrive:");
            out.println("  for t in orders customers; do curl -s " + moto.endpoint()
                    + " -H 'X-Amz-Target: DynamoDB_20120810.DeleteTable' -H 'Content-Type: application/x-amz-json-1.0'"
                    + " -H 'Authorization: AWS4-HMAC-SHA256 Credential=" + MotoServer.ACCESS_KEY_ID
                    + "/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0'"
                    + " -d \"{\\\"TableName\\\": \\\"$t\\\"}\" > /dev/null; done");
        }
        out.println("Health:  curl " + services.get(Service.POLICY).baseUri() + "/q/health");
        out.println("Logs:    " + root.relativize(workDirectory.resolve("logs")) + "/<service>.log");
        out.println("Press Ctrl-C to stop everything.");
    }

    /** Reports a service that exits by itself; returns only when interrupted. */
    private void watch() throws InterruptedException {
        List<Service> reported = new ArrayList<>();
        while (true) {
            for (ServiceProcess process : List.copyOf(services.values())) {
                if (!process.isAlive() && !reported.contains(process.service())) {
                    reported.add(process.service());
                    out.println(process.service().module() + " stopped unexpectedly; its log ends with:\n"
                            + process.tail());
                }
            }
            Thread.sleep(1000);
        }
    }
}
