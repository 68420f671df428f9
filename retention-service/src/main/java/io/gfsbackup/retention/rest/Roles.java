package io.gfsbackup.retention.rest;

/** The roles in a bearer token's {@code groups} claim. */
final class Roles {

    static final String ADMIN = "backup-admin";
    static final String VIEWER = "backup-viewer";
    static final String AUDITOR = "backup-auditor";

    private Roles() {
    }
}
