package io.gfsbackup.retention.api;

import java.time.Instant;
import java.util.UUID;

/** A command or query named a slot that has no restore point in the chain. */
public class UnknownPointException extends RuntimeException {

    public UnknownPointException(UUID chainId, Instant slot) {
        super("chain " + chainId + " has no restore point of slot " + slot);
    }
}
