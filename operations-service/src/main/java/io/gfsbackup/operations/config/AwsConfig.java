package io.gfsbackup.operations.config;

import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** How the operations service reaches AWS ({@code gfs.operations.aws.*}); see docs/operations.md. */
@ConfigMapping(prefix = "gfs.operations.aws")
public interface AwsConfig {

    /**
     * The services' own AWS account id, for the ARNs of its untagged tables and to tell which account a policy
     * without {@code accounts} reaches. Absent: asked of STS once ({@code GetCallerIdentity}).
     */
    Optional<String> accountId();

    /**
     * Rates in calls a second per account and region that replace the defaults of {@code AwsOperation}, keyed by the
     * call's name in kebab case ({@code list-tables}, {@code get-resources}, {@code describe-continuous-backups},
     * ...); 0 turns a cap off.
     */
    Map<String, Double> limits();
}
