package io.gfsbackup.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

import io.gfsbackup.aws.ApiLimits;
import io.gfsbackup.aws.AwsClients;

import io.gfsbackup.messaging.ConsumerFactory;
import io.gfsbackup.messaging.KafkaClientSettings;
import io.gfsbackup.scheduler.persistence.CursorStore;
import io.gfsbackup.scheduler.config.SchedulerInstance;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Scheduler instances of a test's own, on a policies topic and consumer group of its own. */
final class Instances {

    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    private static final Map<DynamoDbClient, AwsClients> CLIENTS = new IdentityHashMap<>();

    private Instances() {
    }

    static SchedulerInstance start(String name, String bootstrapServers, String topic, String group,
                                   CursorStore cursors, DynamoDbClient dynamo, Clock clock) {
        return start(name, KafkaClientSettings.bootstrap(bootstrapServers), topic, group, cursors, dynamo, clock);
    }

    static SchedulerInstance start(String name, KafkaClientSettings kafka, String topic, String group,
                                   CursorStore cursors, DynamoDbClient dynamo, Clock clock) {
        SchedulerInstance instance = new SchedulerInstance(settings(name, kafka, topic, group), cursors,
                aws(dynamo), clock, new SimpleMeterRegistry());
        instance.start();
        return instance;
    }

    /** An instance with settings, AWS clients and metrics of the caller's. */
    static SchedulerInstance start(SchedulerInstance.Settings settings, CursorStore cursors, AwsClients aws,
                                   Clock clock, io.micrometer.core.instrument.MeterRegistry registry) {
        SchedulerInstance instance = new SchedulerInstance(settings, cursors, aws, clock, registry);
        instance.start();
        return instance;
    }

    /** An instance whose policies consumer is made by {@code consumers} (a test's, to make commits fail). */
    static SchedulerInstance start(String name, String bootstrapServers, String topic, String group,
                                   CursorStore cursors, DynamoDbClient dynamo, Clock clock, ConsumerFactory consumers) {
        SchedulerInstance instance = new SchedulerInstance(settings(name, bootstrapServers, topic, group), cursors,
                aws(dynamo), clock, new SimpleMeterRegistry(), consumers);
        instance.start();
        return instance;
    }

    static SchedulerInstance.Settings settings(String name, String bootstrapServers, String topic, String group) {
        return settings(name, KafkaClientSettings.bootstrap(bootstrapServers), topic, group);
    }

    static SchedulerInstance.Settings settings(String name, KafkaClientSettings kafka, String topic, String group) {
        return new SchedulerInstance.Settings(name, kafka, topic, group, SESSION_TIMEOUT,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(30), Optional.empty(),
                Duration.ofMinutes(15), Duration.ZERO);
    }

    /**
     * With the inventory read again every {@code refreshInterval} (real time) and before a slot when older than
     * {@code maxAge}.
     */
    static SchedulerInstance.Settings settings(String name, KafkaClientSettings kafka, String topic, String group,
                                               Duration refreshInterval, Duration maxAge) {
        SchedulerInstance.Settings plain = settings(name, kafka, topic, group);
        return new SchedulerInstance.Settings(name, kafka, topic, group, plain.sessionTimeout(),
                plain.heartbeatInterval(), plain.tick(), plain.ackTimeout(), plain.resolveAhead(), plain.accountId(),
                refreshInterval, maxAge);
    }

    /**
     * The AWS clients made like {@code dynamo}, one set per client for the whole test JVM (so instances of many
     * tests share them, as they share moto), at AWS's published rates.
     */
    static synchronized AwsClients aws(DynamoDbClient dynamo) {
        return CLIENTS.computeIfAbsent(dynamo, d -> new AwsClients(d, "gfs-scheduler-test", ApiLimits.published()));
    }
}
