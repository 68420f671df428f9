package io.gfsbackup.operations.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The table inventory of the protection report ({@code gfs.operations.inventory.*}); see docs/operations.md. */
@ConfigMapping(prefix = "gfs.operations.inventory")
public interface InventoryConfig {

    /**
     * Accounts and regions read besides those the policies name: {@code <region>} for the services' own account,
     * {@code <roleArn>[#<externalId>]@<region>} for another one (its id is the role's).
     */
    Optional<List<String>> scopes();

    /**
     * How often every account and region is read again in the background (and the point-in-time recovery of each of
     * its tables); 0: never.
     */
    @WithDefault("PT10M")
    Duration refreshInterval();

    /** How old an account's and region's inventory may be when a report uses it; older, it is read first. */
    @WithDefault("PT15M")
    Duration maxAge();
}
