package io.gfsbackup.operations.notify;

import java.util.UUID;

/** No notification rule has this id (or it was deleted). */
public class RuleNotFoundException extends RuntimeException {

    public RuleNotFoundException(UUID id) {
        super("no notification rule " + id + " exists");
    }
}
