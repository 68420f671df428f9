package io.gfsbackup.scheduler.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The scheduler's settings ({@code gfs.scheduler.*}); see docs/scheduler.md. */
@ConfigMapping(prefix = "gfs.scheduler")
public interface SchedulerConfig {

    /** Whether this instance takes part in scheduling at all (false: it serves health and metrics only). */
    @WithDefault("true")
    boolean enabled();

    /** The Kafka consumer group on {@code policies}: instances in one group split the policies between them. */
    @WithDefault("scheduler-service")
    String groupId();

    /**
     * How long the broker waits for a silent instance before giving its policies to another one: the bound on
     * failover. The broker accepts 6 s to 5 min by default.
     */
    @WithDefault("10s")
    Duration sessionTimeout();

    /** How often an instance tells the broker it is alive; well under a third of the session timeout. */
    @WithDefault("3s")
    Duration heartbeatInterval();

    /** How often the emit loop runs besides every step of a topic clock. */
    @WithDefault("5s")
    Duration tick();

    /** How long a send may wait for Kafka's acknowledgement before the slot is tried again. */
    @WithDefault("30s")
    Duration ackTimeout();

    /**
     * How long before a slot its tables may be resolved, so that its events leave at the slot's instant; a table
     * created after that is in the next slot. Zero: resolve at the slot.
     */
    @WithDefault("30s")
    Duration resolveAhead();

    /**
     * The AWS account id for table ARNs. Absent: read once per region from the ARN DescribeTable gives for the
     * first table listed.
     */
    Optional<String> accountId();
}
