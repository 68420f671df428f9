package io.gfsbackup.retention.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The legal-hold table the backup worker reads ({@code gfs.retention.holds.*} in application.properties). */
@ConfigMapping(prefix = "gfs.retention.holds")
public interface HoldTableConfig {

    /** The DynamoDB table with one item per held point, keyed by the point's due id. */
    @WithDefault("gfs-backup-holds")
    String table();

    /** Create the table (PAY_PER_REQUEST) at start when it is missing: dev, test and the local run only. */
    @WithDefault("false")
    boolean createIfMissing();
}
