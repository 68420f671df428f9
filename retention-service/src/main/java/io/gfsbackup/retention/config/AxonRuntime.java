package io.gfsbackup.retention.config;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.interceptor.Interceptor;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.json.JacksonSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.gfsbackup.retention.api.AxonJson;
import io.gfsbackup.retention.command.BackupChainAggregate;
import io.gfsbackup.retention.messaging.RetentionEventPublisher;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Axon Framework 4, configured by hand (no Axon Server, no Quarkus extension): the JDBC event store and token
 * store on this service's PostgreSQL schema, {@link JacksonSerializer} for events, messages, snapshots and
 * tokens, a {@link JtaTransactionManager} so that a command, its events and the read models it touches share
 * one JTA transaction, event-count snapshots of the chain aggregate, and the tracking processor that publishes
 * retention events to Kafka.
 */
@Singleton
public class AxonRuntime {

    /** The tracking processor that turns chain events into {@code retention-events} messages. */
    public static final String PUBLISHER = RetentionEventPublisher.PROCESSING_GROUP;

    private static final Logger LOG = Logger.getLogger(AxonRuntime.class);
    /** PostgreSQL's unique_violation: another process appended the same sequence number of a chain first. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final jakarta.transaction.TransactionManager jta;
    private final RetentionEventPublisher publisher;
    private final int snapshotThreshold;
    private final int publisherBatchSize;
    private final int readBatchSize;
    private Configuration configuration;
    private JdbcEventStorageEngine storageEngine;
    /**
     * Loaded chains, so that a command does not read its chain's events again. Only committed state may stay in
     * it: {@code ChainCommands} evicts every chain whose transaction did not commit.
     */
    private final Cache aggregateCache = new WeakReferenceCache();

    @Inject
    public AxonRuntime(DataSource dataSource, jakarta.transaction.TransactionManager jta,
                       RetentionEventPublisher publisher,
                       @ConfigProperty(name = "gfs.retention.snapshot-threshold", defaultValue = "250")
                       int snapshotThreshold,
                       @ConfigProperty(name = "gfs.retention.publisher.batch-size", defaultValue = "50")
                       int publisherBatchSize,
                       @ConfigProperty(name = "gfs.retention.event-store.read-batch-size", defaultValue = "1000")
                       int readBatchSize) {
        this.readBatchSize = readBatchSize;
        this.dataSource = dataSource;
        this.jta = jta;
        this.publisher = publisher;
        this.snapshotThreshold = snapshotThreshold;
        this.publisherBatchSize = publisherBatchSize;
    }

    void onStart(@Observes StartupEvent event) {
        configuration();
    }

    /** The started Axon configuration; built on first use (after Flyway has migrated the schema). */
    public synchronized Configuration configuration() {
        if (configuration == null) {
            System.setProperty("axoniq.update-check.disabled", "true");
            JacksonSerializer serializer = AxonJson.serializer();
            JtaTransactionManager transactionManager = new JtaTransactionManager(jta);
            storageEngine = JdbcEventStorageEngine.builder()
                    .connectionProvider(dataSource::getConnection)
                    .transactionManager(transactionManager)
                    .batchSize(readBatchSize)
                    .schema(new EventSchema.Builder()
                            .eventTable("domain_event_entry").snapshotTable("snapshot_event_entry")
                            .globalIndexColumn("global_index").timestampColumn("time_stamp")
                            .eventIdentifierColumn("event_identifier")
                            .aggregateIdentifierColumn("aggregate_identifier")
                            .sequenceNumberColumn("sequence_number").typeColumn("type")
                            .payloadTypeColumn("payload_type").payloadRevisionColumn("payload_revision")
                            .payloadColumn("payload").metaDataColumn("meta_data").build())
                    .eventSerializer(serializer)
                    .snapshotSerializer(serializer)
                    .persistenceExceptionResolver(new SQLStateResolver(UNIQUE_VIOLATION))
                    .build();
            JdbcTokenStore tokenStore = JdbcTokenStore.builder()
                    .connectionProvider(dataSource::getConnection)
                    .serializer(serializer)
                    .schema(new TokenSchema.Builder()
                            .setTokenTable("token_entry").setProcessorNameColumn("processor_name")
                            .setSegmentColumn("segment").setTokenColumn("token").setTokenTypeColumn("token_type")
                            .setTimestampColumn("timestamp").setOwnerColumn("owner").build())
                    .build();
            configuration = DefaultConfigurer.defaultConfiguration(false)
                    .configureSerializer(c -> serializer)
                    .configureEventSerializer(c -> serializer)
                    .configureMessageSerializer(c -> serializer)
                    .configureTransactionManager(c -> transactionManager)
                    .configureEmbeddedEventStore(c -> storageEngine)
                    .configureAggregate(AggregateConfigurer.defaultConfiguration(BackupChainAggregate.class)
                            .configureCache(c -> aggregateCache)
                            .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(
                                    c.snapshotter(), snapshotThreshold)))
                    .eventProcessing(processing -> processing
                            .registerTokenStore(c -> tokenStore)
                            .registerTrackingEventProcessor(PUBLISHER, Configuration::eventStore,
                                    c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                            .andBatchSize(publisherBatchSize))
                            .registerListenerInvocationErrorHandler(PUBLISHER,
                                    c -> PropagatingErrorHandler.instance())
                            .registerEventHandler(c -> publisher))
                    .start();
            LOG.infof("Axon started: JDBC event store, snapshot every %d events, processor %s",
                    snapshotThreshold, PUBLISHER);
        }
        return configuration;
    }

    /**
     * The loaded chains, for the command side to forget one whose transaction did not commit. Only committed state
     * may stay in it.
     */
    @Produces
    public Cache aggregateCache() {
        return aggregateCache;
    }

    @Produces
    public CommandGateway commandGateway() {
        return configuration().commandGateway();
    }

    @Produces
    public EventStore eventStore() {
        return configuration().eventStore();
    }

    /** The storage engine: reads a chain's events from its first one, ignoring snapshots (as-of replay). */
    public JdbcEventStorageEngine storageEngine() {
        configuration();
        return storageEngine;
    }

    /** The processor that publishes retention events, to stop and start it (operations, tests). */
    public TrackingEventProcessor publisherProcessor() {
        return configuration().eventProcessingConfiguration()
                .eventProcessor(PUBLISHER, TrackingEventProcessor.class).orElseThrow();
    }

    /** Stops Axon after the consumer and the poller (which observe shutdown at the default priority). */
    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) ShutdownEvent event) {
        stop();
    }

    @PreDestroy
    synchronized void stop() {
        if (configuration != null) {
            configuration.shutdown();
            configuration = null;
        }
    }
}
