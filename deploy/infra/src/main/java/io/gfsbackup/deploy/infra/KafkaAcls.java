package io.gfsbackup.deploy.infra;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import io.gfsbackup.contracts.messages.Topics;

/**
 * What each service's principal may do on a broker that allows nothing without an ACL: the ACLs that
 * docs/operations.md ("Kafka security and ACLs") gives as {@code kafka-acls.sh} commands, for the tests that run
 * services on such a broker. Only the policy service writes {@code policies}, only the worker {@code backup-events}
 * (every outcome), only the retention service {@code retention-events}, only the operations service
 * {@code restore-requests}; {@code backup-due} has the scheduler's dues
 * and the worker's follow-ups of a backup still CREATING. Each consumer reads its topics in its own group and
 * writes the dead-letter topics of what it reads. READ and WRITE imply DESCRIBE, and WRITE the idempotent producer's
 * rights.
 */
public final class KafkaAcls {

    /** The consumer groups of the services as they are configured by default. */
    public static final String SCHEDULER_GROUP = "scheduler-service";
    public static final String WORKER_GROUP = "backup-worker";
    public static final String RETENTION_GROUP = "retention-service";
    public static final String OPERATIONS_GROUP = "operations-service";

    private KafkaAcls() {
    }

    /** The policy service: its outbox relay writes {@code policies}. */
    public static List<AclBinding> policyService(String user) {
        return new Grants(user).write(Topics.POLICIES).list();
    }

    /** The scheduler: reads {@code policies}, writes dues (late ones too) and the policies it cannot read. */
    public static List<AclBinding> scheduler(String user) {
        return new Grants(user).read(Topics.POLICIES).group(SCHEDULER_GROUP)
                .write(Topics.BACKUP_DUE, Topics.dlq(Topics.POLICIES)).list();
    }

    /**
     * The worker: reads dues, retention events and restore requests, writes outcomes, the dues it follows up and the
     * dead letters of what it reads.
     */
    public static List<AclBinding> worker(String user) {
        return new Grants(user).read(Topics.BACKUP_DUE, Topics.RETENTION_EVENTS, Topics.RESTORE_REQUESTS)
                .group(WORKER_GROUP)
                .write(Topics.BACKUP_EVENTS, Topics.BACKUP_DUE, Topics.dlq(Topics.BACKUP_DUE),
                        Topics.dlq(Topics.RETENTION_EVENTS), Topics.dlq(Topics.RESTORE_REQUESTS))
                .list();
    }

    /** The retention service: reads outcomes, writes its decisions and the dead letters of both. */
    public static List<AclBinding> retentionService(String user) {
        return new Grants(user).read(Topics.BACKUP_EVENTS).group(RETENTION_GROUP)
                .write(Topics.RETENTION_EVENTS, Topics.dlq(Topics.BACKUP_EVENTS), Topics.dlq(Topics.RETENTION_EVENTS))
                .list();
    }

    /**
     * The operations service: reads every topic the others write and the worker's dead letters of retention events
     * (deletions refused or given up); writes restore requests (restores asked for over REST, runs of restore tests,
     * scratch tables to drop) and the dead letters of what it cannot read.
     */
    public static List<AclBinding> operationsService(String user) {
        return new Grants(user).read(Topics.POLICIES, Topics.BACKUP_DUE, Topics.BACKUP_EVENTS, Topics.RETENTION_EVENTS,
                        Topics.dlq(Topics.RETENTION_EVENTS)).group(OPERATIONS_GROUP)
                .write(Topics.RESTORE_REQUESTS, Topics.dlq(Topics.POLICIES), Topics.dlq(Topics.BACKUP_DUE),
                        Topics.dlq(Topics.BACKUP_EVENTS), Topics.dlq(Topics.RETENTION_EVENTS))
                .list();
    }

    /** Tests and the demo only: a service that follows the {@code clock} topic ({@code gfs.clock.source=kafka}). */
    public static List<AclBinding> clockReader(String user) {
        return new Grants(user).read(Topics.CLOCK).list();
    }

    /** Tests and the demo only: the driver that moves the time. */
    public static List<AclBinding> clockDriver(String user) {
        return new Grants(user).write(Topics.CLOCK).list();
    }

    private static final class Grants {
        private final String principal;
        private final List<AclBinding> acls = new ArrayList<>();

        Grants(String user) {
            this.principal = "User:" + user;
        }

        Grants read(String... topics) {
            return allow(ResourceType.TOPIC, AclOperation.READ, topics);
        }

        Grants write(String... topics) {
            return allow(ResourceType.TOPIC, AclOperation.WRITE, topics);
        }

        Grants group(String group) {
            return allow(ResourceType.GROUP, AclOperation.READ, group);
        }

        private Grants allow(ResourceType type, AclOperation operation, String... names) {
            for (String name : names) {
                acls.add(new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                        new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
            }
            return this;
        }

        List<AclBinding> list() {
            return List.copyOf(acls);
        }
    }
}
