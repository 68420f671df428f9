package io.gfsbackup.operations.rest;

/** The roles in a bearer token's {@code groups} claim. */
public final class Roles {

    public static final String ADMIN = "backup-admin";
    public static final String VIEWER = "backup-viewer";
    public static final String AUDITOR = "backup-auditor";

    private Roles() {
    }
}
