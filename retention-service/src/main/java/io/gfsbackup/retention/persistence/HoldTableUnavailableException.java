package io.gfsbackup.retention.persistence;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The legal-hold table could not be written (missing, throttled, unreachable): the hold was not recorded, nor sent
 * to the chain. The REST API answers 503, and the caller may try again.
 */
public class HoldTableUnavailableException extends RuntimeException {

    public HoldTableUnavailableException(String table, String what, Throwable cause) {
        super("could not " + what + " in the legal-hold table " + table + " (" + describe(cause)
                + "); nothing was changed, try again", cause);
    }

    private static String describe(Throwable error) {
        if (error instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return aws.awsErrorDetails().errorCode() + ": " + aws.awsErrorDetails().errorMessage();
        }
        return error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }
}
