package io.gfsbackup.worker.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The worker's settings ({@code gfs.worker.*} in application.properties). */
@ConfigMapping(prefix = "gfs.worker")
public interface WorkerConfig {

    /** Names this process in the ledger's claims; a random id when not set. */
    Optional<String> instanceId();

    Ledger ledger();

    Limits limits();

    Retry retry();

    Availability availability();

    Holds holds();

    Deletion deletion();

    Restore restore();

    interface Restore {
        /** How often DescribeTable is asked whether a restored table is ACTIVE. */
        @WithDefault("PT5S")
        Duration pollInterval();

        /**
         * How long a restore waits for its table to be ACTIVE (a large table takes hours) before it fails; the
         * restore's permit and point lease are held meanwhile.
         */
        @WithDefault("PT12H")
        Duration maxWait();
    }

    interface Holds {
        /**
         * The legal-hold table the retention service writes (key {@code dueId}; an item means the point is held),
         * beside the ledger: read through the ledger's client before every deletion.
         */
        @WithDefault("gfs-backup-holds")
        String table();

        /** Create the hold table at start when it is missing (dev, test and the local run only). */
        @WithDefault("false")
        boolean createIfMissing();
    }

    interface Deletion {
        /**
         * How long (wall time) a PointExpired that is early by this worker's clock, under the settings recorded at
         * claim, waits for the clock to catch up (the retention service's clock may be a step ahead) before it is
         * refused and dead-lettered.
         */
        @WithDefault("PT30S")
        Duration clockGrace();
    }

    interface Ledger {
        /** The DynamoDB table that records every due this system handled, keyed by due id. */
        @WithDefault("gfs-backup-ledger")
        String table();

        /** Create the ledger table (PAY_PER_REQUEST) at start when it is missing. */
        @WithDefault("true")
        boolean createIfMissing();

        /**
         * How long a claim stays the claimer's without renewal, on the wall clock. The owner renews it every third
         * of this while it works; a claim not renewed for this long belongs to a worker that stopped, and whoever
         * next receives the due resumes it.
         */
        @WithDefault("PT30S")
        Duration lease();

        /** How often a worker that finds another's live claim looks at the ledger again. */
        @WithDefault("PT1S")
        Duration pollInterval();

        /**
         * The region of the ledger table when it is not the worker's own ({@code quarkus.dynamodb.aws.region}):
         * one ledger in one place for workers that back up tables in several regions. With this or
         * {@link #endpointOverride()} set, the ledger gets a DynamoDB client of its own; with neither, it uses the
         * worker's client.
         */
        Optional<String> region();

        /**
         * The DynamoDB endpoint of the ledger table when it is not the worker's own. Without it, a ledger client of
         * its own uses {@code quarkus.dynamodb.endpoint-override} if that is set (as other-region clients do).
         */
        Optional<URI> endpointOverride();
    }

    /**
     * Rates of the worker's AWS calls per account and region, overriding the published ones of
     * {@code io.gfsbackup.aws.AwsOperation}; 0 switches a cap off.
     */
    interface Limits {
        /** CreateBackup calls per second per account and region. DynamoDB allows 50. */
        @WithDefault("50")
        double createBackupsPerSecond();

        /** DeleteBackup calls per second per account and region. DynamoDB allows 10. */
        @WithDefault("10")
        double deleteBackupsPerSecond();

        /**
         * DescribeBackup calls (the wait for AVAILABLE) per second per account and region. DynamoDB publishes no
         * rate for it; by default it is paced like CreateBackup, 50.
         */
        @WithDefault("50")
        double describeBackupsPerSecond();

        /** ListBackups calls (looking for a backup a lost answer made) per second per account and region. DynamoDB allows 5. */
        @WithDefault("5")
        double listBackupsPerSecond();

        /**
         * Restores one worker runs at once per account and region, each from its RestoreTableFromBackup call until
         * its table is ACTIVE; more wait. DynamoDB allows 50 at once per account: with N workers, give each 50 / N.
         */
        @WithDefault("50")
        int concurrentRestores();
    }

    interface Retry {
        /** Delay before the first retry; doubled each retry up to {@link #maxDelay()}. */
        @WithDefault("PT0.5S")
        Duration initialDelay();

        @WithDefault("PT30S")
        Duration maxDelay();

        /** Each delay is moved by a random amount of at most this, so that workers do not retry in step. */
        @WithDefault("PT0.2S")
        Duration jitter();

        /**
         * The longest a DeleteBackup is retried (a CreateBackup is retried while its start window lasts). After it,
         * the PointExpired goes to the DLQ with the last error.
         */
        @WithDefault("PT1H")
        Duration deleteMaxDuration();
    }

    interface Availability {
        /** How often DescribeBackup is asked whether a new backup is AVAILABLE. */
        @WithDefault("PT2S")
        Duration pollInterval();

        /**
         * How long one pass waits for a backup to leave CREATING. A backup still CREATING then is recorded CREATING
         * in the ledger and the due is sent back to {@code backup-due}, so a later pass follows it: it is never
         * given up while it exists.
         */
        @WithDefault("PT10M")
        Duration maxWait();
    }
}
