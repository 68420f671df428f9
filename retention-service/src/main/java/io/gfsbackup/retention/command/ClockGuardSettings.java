package io.gfsbackup.retention.command;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The bounds of the clock guard ({@link ClockGuard}); production's are the defaults. */
@ConfigMapping(prefix = "gfs.retention.clock-guard")
public interface ClockGuardSettings {

    /** How far the clock may run ahead of the wall time that elapsed between two passes before deletions pause. */
    @WithDefault("PT5M")
    Duration maxLead();

    /** Expiries one chain may make in a pass beyond what its schedule explains for the elapsed time. */
    @WithDefault("3")
    int expirySlack();
}
