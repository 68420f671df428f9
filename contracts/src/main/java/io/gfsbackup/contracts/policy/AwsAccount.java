package io.gfsbackup.contracts.policy;

/**
 * An AWS account whose tables a policy selects (section 1), other than the services' own: reached by assuming
 * {@code roleArn} (a role in that account) with {@code externalId} when the role's trust policy asks for one
 * ({@code null} otherwise). The policy's {@code accounts} list names them; no list means the services' own account.
 */
public record AwsAccount(String accountId, String roleArn, String externalId) {
}
