package io.gfsbackup.operations.restore;

/**
 * Why a restore cannot be asked for: the point is unknown (404), it or the target is taken (409: the point is no
 * longer alive, the table exists, another restore is making it), or Kafka or AWS could not be reached (503). The
 * REST layer answers it as problem+json with {@link #status()}, {@link #title()} and the message as detail.
 */
public class RestoreProblem extends RuntimeException {

    private final int status;
    private final String title;

    RestoreProblem(int status, String title, String detail, Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.title = title;
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
