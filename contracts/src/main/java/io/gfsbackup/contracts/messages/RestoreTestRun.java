package io.gfsbackup.contracts.messages;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.gfsbackup.contracts.policy.RestoreValidation;

/**
 * A restore that is a run of a policy's restore test: the test's {@code slot} under {@code policyVersion}, the
 * {@code seed} every draw of the run used (recorded, so that an audit can draw again and get the same table and
 * point), how the scratch table is validated and how long it is kept.
 */
public record RestoreTestRun(UUID policyId, long policyVersion, Instant slot, long seed,
                             RestoreValidation validation, Duration keepFor) {

    public RestoreTestRun {
        Require.present(policyId, "test.policyId");
        Require.present(slot, "test.slot");
        Require.present(validation, "test.validation");
        Require.present(keepFor, "test.keepFor");
    }
}
