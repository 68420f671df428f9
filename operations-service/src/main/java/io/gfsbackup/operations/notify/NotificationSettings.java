package io.gfsbackup.operations.notify;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How notifications are decided and delivered (docs/operations.md, "Notifications"). */
@ConfigMapping(prefix = "gfs.operations.notifications")
public interface NotificationSettings {

    /** Whether this replica decides and delivers notifications at all (the rules API works either way). */
    @WithDefault("true")
    boolean enabled();

    /** How often the decider looks for groups to notify; it also looks whenever a message was projected. */
    @WithDefault("PT10S")
    Duration decideInterval();

    /**
     * How far back (by the service's clock) the decider looks for groups: a slot, expiry, gap or pause older than
     * this is never notified, so a projection rebuilt from the topics does not notify history again.
     */
    @WithDefault("P2D")
    Duration lookback();

    /**
     * How long after a slot's start window closed (or after a deletion's expiry) the decider waits for jobs still
     * open before it notifies anyway, naming those still open.
     */
    @WithDefault("PT1H")
    Duration openJobGrace();

    /** How long after the last retention gap of a policy and period end was reported the decider waits for more. */
    @WithDefault("PT2M")
    Duration gapSettle();

    /** Delivered, failed and cancelled notifications are deleted this long after they were decided. */
    @WithDefault("P30D")
    Duration keep();

    Delivery delivery();

    /** The dispatcher: its threads, and the retries of a transient failure. */
    interface Delivery {

        /** Threads that deliver, each one notification at a time. */
        @WithDefault("2")
        int threads();

        /** How often an idle dispatcher looks for due notifications (it is also woken when one is decided). */
        @WithDefault("PT1S")
        Duration pollInterval();

        /** Attempts of one notification, the first included, before a transient failure is given up. */
        @WithDefault("16")
        int maxAttempts();

        /** The wait before the second attempt; each further wait doubles, up to maxBackoff, less a random jitter. */
        @WithDefault("PT5S")
        Duration initialBackoff();

        @WithDefault("PT30M")
        Duration maxBackoff();
    }
}
