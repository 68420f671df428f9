package io.gfsbackup.operations.rest;

/** Something the request names does not exist; answered with 404 and problem+json. */
public class NotFoundProblem extends RuntimeException {

    private final String title;

    public NotFoundProblem(String title, String detail) {
        super(detail);
        this.title = title;
    }

    public String title() {
        return title;
    }
}
