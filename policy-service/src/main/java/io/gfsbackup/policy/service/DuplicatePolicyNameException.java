package io.gfsbackup.policy.service;

/** Another policy already has this name; names are unique. */
public class DuplicatePolicyNameException extends RuntimeException {

    public DuplicatePolicyNameException(String name) {
        super("a policy named \"" + name + "\" exists already; policy names are unique");
    }
}
