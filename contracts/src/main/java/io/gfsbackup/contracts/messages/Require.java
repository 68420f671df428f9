package io.gfsbackup.contracts.messages;

/** Field checks for message records, so a payload missing a field fails with the field's name. */
final class Require {

    private Require() {
    }

    static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }
}
