package io.gfsbackup.deploy.testing;

import java.time.Duration;
import java.util.List;

import io.gfsbackup.deploy.infra.JwtIssuer;

/** Bearer tokens that an application under {@link JwtResource} accepts. */
public final class Tokens {

    private Tokens() {
    }

    /** {@code Bearer <JWT>} for a user with these roles. */
    public static String bearer(String subject, String... roles) {
        return "Bearer " + SharedInfrastructure.jwt().token(subject, List.of(roles), Duration.ofHours(1));
    }

    /** {@code Bearer <JWT>} that the application must refuse: for another audience, or expired. */
    public static String refused(String audience, Duration validFor, String... roles) {
        return "Bearer " + SharedInfrastructure.jwt().token("test-refused", List.of(roles), validFor, audience);
    }

    public static String admin() {
        return bearer("test-admin", JwtIssuer.ADMIN);
    }

    public static String viewer() {
        return bearer("test-viewer", JwtIssuer.VIEWER);
    }

    public static String auditor() {
        return bearer("test-auditor", JwtIssuer.AUDITOR);
    }
}
