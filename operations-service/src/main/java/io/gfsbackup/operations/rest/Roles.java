package io.gfsbackup.operations.rest;

/**
 * The roles in a bearer token's {@code groups} claim. An operator may restore and read, but not change notification
 * rules (decision 13: on-call engineers restore; admins decide).
 */
public final class Roles {

    public static final String ADMIN = "backup-admin";
    public static final String OPERATOR = "backup-operator";
    public static final String VIEWER = "backup-viewer";
    public static final String AUDITOR = "backup-auditor";

    private Roles() {
    }
}
