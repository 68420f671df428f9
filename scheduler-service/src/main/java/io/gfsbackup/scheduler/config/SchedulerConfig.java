package io.gfsbackup.scheduler.config;

import java.time.Duration;
import java.util.Map;
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
     * The services' own AWS account id, for the ARNs of its untagged tables. Absent: asked of STS once
     * ({@code GetCallerIdentity}).
     */
    Optional<String> accountId();

    /** The table inventory: how often it is read again, and how old it may be when a slot uses it. */
    Inventory inventory();

    /**
     * Rates in calls a second per account and region that replace the defaults of {@code AwsOperation}, keyed by the
     * call's name in kebab case ({@code list-tables}, {@code get-resources}, {@code assume-role}, ...); 0 turns a
     * cap off.
     */
    Map<String, Double> limits();

    interface Inventory {

        /**
         * How often the inventory of every account and region of the owned policies is read again; 0: never. Shorter
         * than {@link #maxAge()}, so that in steady state no slot waits for a read.
         */
        @WithDefault("PT10M")
        Duration refreshInterval();

        /** How old an account's and region's inventory may be when a slot's tables are resolved from it. */
        @WithDefault("PT15M")
        Duration maxAge();
    }
}
