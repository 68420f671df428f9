package io.gfsbackup.policy.service;

import java.util.UUID;

/** The caller's {@code If-Match} version is no longer the current one. */
public class StalePolicyVersionException extends RuntimeException {

    public StalePolicyVersionException(UUID id, long expected, long current) {
        super("policy " + id + " is at version " + current + ", not " + expected
                + "; read it again (GET) and retry with If-Match: \"" + current + "\"");
    }
}
