package io.gfsbackup.operations.restore;

import io.gfsbackup.contracts.policy.Violation;

/**
 * Why a restore cannot be asked for: the point is unknown (404), it or the target is taken (409: the point is no
 * longer alive, the table exists, another restore is making it), a field is not valid for this point (400, with its
 * {@link #violation()}), or Kafka or AWS could not be reached (503). The
 * REST layer answers it as problem+json with {@link #status()}, {@link #title()} and the message as detail.
 */
public class RestoreProblem extends RuntimeException {

    private final int status;
    private final String title;
    private final Violation violation;

    RestoreProblem(int status, String title, String detail, Throwable cause) {
        this(status, title, detail, cause, null);
    }

    private RestoreProblem(int status, String title, String detail, Throwable cause, Violation violation) {
        super(detail, cause);
        this.status = status;
        this.title = title;
        this.violation = violation;
    }

    /** A field that the request's point does not allow: 400 naming it. */
    static RestoreProblem invalid(String field, String message) {
        return new RestoreProblem(400, "Invalid request", field + ": " + message, null, new Violation(field, message));
    }

    /** The field a 400 names; {@code null} for the other problems. */
    public Violation violation() {
        return violation;
    }

    static RestoreProblem notFound(String detail) {
        return new RestoreProblem(404, "Restore point not found", detail, null);
    }

    static RestoreProblem conflict(String title, String detail) {
        return new RestoreProblem(409, title, detail, null);
    }

    static RestoreProblem unavailable(String detail, Throwable cause) {
        return new RestoreProblem(503, "Service unavailable", detail, cause);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
