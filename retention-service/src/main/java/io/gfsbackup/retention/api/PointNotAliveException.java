package io.gfsbackup.retention.api;

import java.time.Instant;
import java.util.UUID;

/** A legal hold was asked for a point that has already expired or been deleted. */
public class PointNotAliveException extends RuntimeException {

    public PointNotAliveException(UUID chainId, Instant slot) {
        super("the restore point of slot " + slot + " in chain " + chainId
                + " has already expired or been deleted; only a live point can be held");
    }
}
