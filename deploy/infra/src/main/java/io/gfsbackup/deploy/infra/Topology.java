package io.gfsbackup.deploy.infra;

import java.util.ArrayList;
import java.util.List;

import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.deploy.infra.KafkaBroker.TopicSpec;

/**
 * The topics the system needs, as the local run and the tests create them. Production brokers get the same
 * topics (see docs/operations.md), with a replication factor of 3.
 *
 * <p>Partition counts bound how far consumers scale out: keyed by table ARN, the work topics spread tables over
 * workers; {@code policies} is spread over scheduler instances. {@code policies} and {@code clock} are compacted:
 * a reader needs only the latest value per key.
 */
public final class Topology {

    public static final int WORK_PARTITIONS = 6;
    public static final int POLICY_PARTITIONS = 3;

    private Topology() {
    }

    public static List<TopicSpec> topics() {
        List<TopicSpec> topics = new ArrayList<>(List.of(
                new TopicSpec(Topics.POLICIES, POLICY_PARTITIONS, true),
                new TopicSpec(Topics.BACKUP_DUE, WORK_PARTITIONS, false),
                new TopicSpec(Topics.BACKUP_EVENTS, WORK_PARTITIONS, false),
                new TopicSpec(Topics.RETENTION_EVENTS, WORK_PARTITIONS, false),
                new TopicSpec(Topics.RESTORE_REQUESTS, WORK_PARTITIONS, false),
                new TopicSpec(Topics.CLOCK, 1, true)));
        for (String topic : List.of(Topics.POLICIES, Topics.BACKUP_DUE, Topics.BACKUP_EVENTS, Topics.RETENTION_EVENTS,
                Topics.RESTORE_REQUESTS)) {
            topics.add(new TopicSpec(Topics.dlq(topic), 1, false));
        }
        return List.copyOf(topics);
    }
}
