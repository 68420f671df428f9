package io.gfsbackup.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jboss.logging.Logger;

import io.gfsbackup.contracts.policy.AwsAccount;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The credentials of a role in another account: assumed with STS {@code AssumeRole} (with the account's external id,
 * paced by {@link ApiLimits}), kept, and assumed again {@link #REFRESH_BEFORE} before they expire, so no call ever
 * carries credentials about to lapse. One instance per account; calls of many threads share one assumption.
 */
final class AssumedRoleCredentials implements AwsCredentialsProvider {

    private static final Logger LOG = Logger.getLogger(AssumedRoleCredentials.class);

    /** How long before expiry the role is assumed again; sessions last {@link #SESSION}. */
    static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);
    static final Duration SESSION = Duration.ofHours(1);

    private final AwsAccount account;
    private final StsClient sts;
    private final String stsRegion;
    private final String sessionName;
    private final ApiLimits limits;
    private final Clock clock;
    private AwsSessionCredentials current;
    private Instant expiry = Instant.MIN;

    AssumedRoleCredentials(AwsAccount account, StsClient sts, String stsRegion, String sessionName, ApiLimits limits,
                           Clock clock) {
        this.account = account;
        this.sts = sts;
        this.stsRegion = stsRegion;
        this.sessionName = sessionName;
        this.limits = limits;
        this.clock = clock;
    }

    @Override
    public synchronized AwsCredentials resolveCredentials() {
        if (current == null || !clock.instant().isBefore(expiry.minus(REFRESH_BEFORE))) {
            AssumeRoleResponse assumed = limits.call(AwsOperation.ASSUME_ROLE, AwsScope.of(account, stsRegion),
                    () -> sts.assumeRole(request -> request.roleArn(account.roleArn())
                            .externalId(account.externalId())
                            .roleSessionName(sessionName)
                            .durationSeconds((int) SESSION.toSeconds())));
            Credentials credentials = assumed.credentials();
            current = AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(),
                    credentials.sessionToken());
            expiry = credentials.expiration();
            LOG.debugf("assumed %s for account %s until %s", account.roleArn(), account.accountId(), expiry);
        }
        return current;
    }

    /** When the credentials held now expire ({@link Instant#MIN} before the first call). */
    synchronized Instant expiry() {
        return expiry;
    }
}
