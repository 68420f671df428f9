package io.gfsbackup.retention.api;

import java.util.UUID;

/** A resume was asked for a policy whose deletions are not paused. */
public class DeletionsNotPausedException extends RuntimeException {

    public DeletionsNotPausedException(UUID policyId) {
        super("the deletions of policy " + policyId + " are not paused; there is nothing to resume");
    }
}
