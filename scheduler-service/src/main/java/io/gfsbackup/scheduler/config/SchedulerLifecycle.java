package io.gfsbackup.scheduler.config;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.messaging.ConsumerReadiness;
import io.gfsbackup.messaging.KafkaClientSettings;
import io.gfsbackup.aws.ApiLimits;
import io.gfsbackup.aws.AwsClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Runs this process's {@link SchedulerInstance} from start-up (after Flyway has migrated the schema) to shut-down,
 * wired to the application's Kafka, datasource, DynamoDB client, clock and metrics.
 */
@ApplicationScoped
public class SchedulerLifecycle {

    private static final Logger LOG = Logger.getLogger(SchedulerLifecycle.class);

    private final SchedulerConfig config;
    private final DataSource dataSource;
    private final DynamoDbClient dynamoDb;
    private final Clock clock;
    private final MeterRegistry registry;
    private final KafkaClientSettings kafka;
    private final ConsumerReadiness readiness;
    private AwsClients clients;
    private SchedulerInstance instance;

    SchedulerLifecycle(SchedulerConfig config, DataSource dataSource, DynamoDbClient dynamoDb, Clock clock,
                       MeterRegistry registry,
                       KafkaClientSettings kafka, ConsumerReadiness readiness) {
        this.readiness = readiness;
        this.config = config;
        this.dataSource = dataSource;
        this.dynamoDb = dynamoDb;
        this.clock = clock;
        this.registry = registry;
        this.kafka = kafka;
    }

    void start(@Observes StartupEvent startup) {
        if (!config.enabled()) {
            LOG.info("gfs.scheduler.enabled=false: this instance schedules nothing");
            return;
        }
        clients = new AwsClients(dynamoDb, "gfs-scheduler", limits(config.limits()));
        instance = new SchedulerInstance(new SchedulerInstance.Settings(
                "app-" + UUID.randomUUID().toString().substring(0, 8), kafka, Topics.POLICIES,
                config.groupId(), config.sessionTimeout(), config.heartbeatInterval(), config.tick(),
                config.ackTimeout(), config.resolveAhead(), config.accountId(), config.inventory().refreshInterval(),
                config.inventory().maxAge()), dataSource, clients, clock, registry);
        instance.start();
        readiness.watch(instance.pollWatch());
    }

    /**
     * The published rates of {@code AwsOperation} with the configured ones in their place ({@code gfs.scheduler.limits.
     * <call>}, e.g. {@code list-tables}), backing off on throttling as {@link ApiLimits#published()} does.
     */
    static ApiLimits limits(Map<String, Double> configured) {
        return ApiLimits.configured("gfs.scheduler.limits.", configured);
    }

    /** The running instance; null when scheduling is disabled. */
    public SchedulerInstance instance() {
        return instance;
    }

    public boolean enabled() {
        return config.enabled();
    }

    @PreDestroy
    void stop() {
        if (instance != null) {
            readiness.unwatch(instance.pollWatch());
            instance.close();
        }
        if (clients != null) {
            clients.close();
        }
    }
}
