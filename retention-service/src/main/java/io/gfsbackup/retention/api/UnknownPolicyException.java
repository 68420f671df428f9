package io.gfsbackup.retention.api;

import java.util.UUID;

/** No chain of this policy is known here: no backup under it was ever recorded by this service. */
public class UnknownPolicyException extends RuntimeException {

    public UnknownPolicyException(UUID policyId) {
        super("no backup chain of policy " + policyId + " is known here (the retention service knows a policy once a"
                + " backup under it is recorded)");
    }
}
