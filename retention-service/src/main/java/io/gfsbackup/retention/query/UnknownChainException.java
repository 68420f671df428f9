package io.gfsbackup.retention.query;

import java.util.UUID;

/** No chain has this id: no backup of that table under that policy was ever recorded here. */
public class UnknownChainException extends RuntimeException {

    public UnknownChainException(UUID chainId) {
        super("no backup chain " + chainId + " is known here");
    }
}
