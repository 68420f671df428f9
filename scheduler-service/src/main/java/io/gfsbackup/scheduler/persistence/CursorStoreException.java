package io.gfsbackup.scheduler.persistence;

/** PostgreSQL could not read or move a cursor; the slot stays pending and is tried again. */
public class CursorStoreException extends RuntimeException {

    public CursorStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
