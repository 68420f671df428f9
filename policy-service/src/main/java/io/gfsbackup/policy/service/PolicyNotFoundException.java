package io.gfsbackup.policy.service;

import java.util.UUID;

/** No policy has this id (it never existed, or it was deleted). */
public class PolicyNotFoundException extends RuntimeException {

    private final UUID id;

    public PolicyNotFoundException(UUID id) {
        super("no policy has the id " + id);
        this.id = id;
    }

    public UUID id() {
        return id;
    }
}
