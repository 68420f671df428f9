package io.gfsbackup.operations.notify.channel;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.gfsbackup.operations.notify.Notification;
import io.gfsbackup.operations.notify.NotificationEvent;

/** Notifications for the channel tests. */
final class Notifications {

    static final UUID POLICY_ID = UUID.fromString("7d1c2f4e-0b7a-4a53-9a4e-2f6f1d0c9b11");
    static final Instant SLOT = Instant.parse("2026-01-05T07:00:00Z");
    static final Instant OCCURRED_AT = Instant.parse("2026-01-05T08:00:03Z");
    static final String ORDERS = "arn:aws:dynamodb:us-east-1:123456789012:table/orders";
    static final String PAYMENTS = "arn:aws:dynamodb:us-east-1:123456789012:table/payments";

    private Notifications() {
    }

    /** Backups of two tables failed at one slot of policy orders-gfs. */
    static Notification backupFailed(String idempotencyKey) {
        return new Notification(idempotencyKey, NotificationEvent.BACKUP_FAILED, POLICY_ID, "orders-gfs", SLOT,
                "orders-gfs: 2 backups failed at 2026-01-05 07:00 UTC",
                ORDERS + ": LimitExceededException: too many backups in progress\n"
                        + PAYMENTS + ": AccessDeniedException: not authorized to perform dynamodb:CreateBackup",
                List.of(new Notification.TableLine(ORDERS, "LimitExceededException: too many backups in progress"),
                        new Notification.TableLine(PAYMENTS,
                                "AccessDeniedException: not authorized to perform dynamodb:CreateBackup")),
                OCCURRED_AT);
    }

    static Notification backupFailed() {
        return backupFailed("rule-1:" + POLICY_ID + ":BACKUP_FAILED:" + SLOT);
    }
}
