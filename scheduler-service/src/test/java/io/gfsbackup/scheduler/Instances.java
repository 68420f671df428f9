package io.gfsbackup.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import io.gfsbackup.messaging.ConsumerFactory;
import io.gfsbackup.messaging.KafkaClientSettings;
import io.gfsbackup.scheduler.persistence.CursorStore;
import io.gfsbackup.scheduler.config.SchedulerInstance;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Scheduler instances of a test's own, on a policies topic and consumer group of its own. */
final class Instances {

    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);

    private Instances() {
    }

    static SchedulerInstance start(String name, String bootstrapServers, String topic, String group,
                                   CursorStore cursors, DynamoDbClient dynamo, Clock clock) {
        return start(name, KafkaClientSettings.bootstrap(bootstrapServers), topic, group, cursors, dynamo, clock);
    }

    static SchedulerInstance start(String name, KafkaClientSettings kafka, String topic, String group,
                                   CursorStore cursors, DynamoDbClient dynamo, Clock clock) {
        SchedulerInstance instance = new SchedulerInstance(settings(name, kafka, topic, group), cursors,
                region -> dynamo, clock, new SimpleMeterRegistry());
        instance.start();
        return instance;
    }

    /** An instance whose policies consumer is made by {@code consumers} (a test's, to make commits fail). */
    static SchedulerInstance start(String name, String bootstrapServers, String topic, String group,
                                   CursorStore cursors, DynamoDbClient dynamo, Clock clock, ConsumerFactory consumers) {
        SchedulerInstance instance = new SchedulerInstance(settings(name, bootstrapServers, topic, group), cursors,
                region -> dynamo, clock, new SimpleMeterRegistry(), consumers);
        instance.start();
        return instance;
    }

    static SchedulerInstance.Settings settings(String name, String bootstrapServers, String topic, String group) {
        return settings(name, KafkaClientSettings.bootstrap(bootstrapServers), topic, group);
    }

    static SchedulerInstance.Settings settings(String name, KafkaClientSettings kafka, String topic, String group) {
        return new SchedulerInstance.Settings(name, kafka, topic, group, SESSION_TIMEOUT,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(30), Optional.empty());
    }
}
