package io.gfsbackup.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.model.BackupInUseException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;

/** Which AWS errors are throttling, which are worth another try, and how to say what an error was. */
public final class AwsErrors {

    private AwsErrors() {
    }

    /**
     * Throttling ({@code LimitExceededException}, {@code ThrottlingException} and its kin), a backup operation
     * already running on the table ({@code BackupInUseException}), any 5xx, and a failure to reach the endpoint at
     * all. Everything else (a missing table, a validation error, access denied) will not get better by waiting.
     */
    public static boolean retryable(Throwable error) {
        if (error instanceof LimitExceededException || error instanceof BackupInUseException
                || error instanceof ProvisionedThroughputExceededException
                || error instanceof RequestLimitExceededException) {
            return true;
        }
        if (error instanceof SdkServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return error instanceof SdkClientException;
    }

    /**
     * Whether AWS refused the call for its rate: the SDK's throttling codes ({@code ThrottlingException},
     * {@code Throttling}, {@code RequestLimitExceeded}, {@code TooManyRequestsException}, HTTP 429) and DynamoDB's
     * {@code LimitExceededException} when it is about the call rate.
     */
    public static boolean throttling(Throwable error) {
        if (error instanceof LimitExceededException || error instanceof RequestLimitExceededException) {
            return true;
        }
        return error instanceof SdkServiceException service && service.isThrottlingException();
    }

    /** A short description for a BackupFailed reason or a log line: error code and message, no request ids. */
    public static String describe(Throwable error) {
        if (error instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String code = aws.awsErrorDetails().errorCode();
            String message = aws.awsErrorDetails().errorMessage();
            return (code == null ? aws.getClass().getSimpleName() : code)
                    + (message == null ? "" : ": " + message) + " (HTTP " + aws.statusCode() + ")";
        }
        return error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }
}
