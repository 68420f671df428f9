package io.gfsbackup.operations.notify;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One message to operators, as every channel delivers it: grouped per policy and slot (or per policy and day for a
 * digest), never per table.
 *
 * @param idempotencyKey stable for this rule, policy, event and slot (or day): a receiver that sees it twice (after a
 *                       crash the message is delivered again) can drop the second
 * @param event          what happened
 * @param policyId       the policy concerned
 * @param policyName     its name
 * @param slot           the slot concerned (for a digest, the start of its day); null for a pause of deletions
 * @param subject        one line, at most 100 characters (SNS's limit for a subject)
 * @param text           the whole message as plain text, one line per table concerned
 * @param tables         the tables concerned (ARNs), each with what happened to it
 * @param occurredAt     when the message was composed
 */
public record Notification(String idempotencyKey, NotificationEvent event, UUID policyId, String policyName,
                           Instant slot, String subject, String text, List<TableLine> tables, Instant occurredAt) {

    /** One table in a notification: its ARN and what happened (the error, the state, the gap). */
    public record TableLine(String tableArn, String detail) {
    }
}
