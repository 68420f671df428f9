package io.gfsbackup.contracts.messages;

import io.gfsbackup.contracts.policy.Archive;
import io.gfsbackup.contracts.policy.ArchiveTarget;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.ArchiveDue;
import io.gfsbackup.contracts.retention.ArchiveLocation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.Period;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The archive tier's messages travel as JSON and back, with ids that name the point and the attempt. */
class ArchiveMessagesTest {

    private static final TableRef TABLE = TableRef.fromArn("arn:aws:dynamodb:us-east-1:123456789012:table/orders");
    private static final Instant SLOT = Instant.parse("2026-01-05T07:00:00Z");
    private static final RestoreSource POINT = new RestoreSource(UUID.fromString("0b6a3c1e-5d2f-4e8a-9b7c-1d2e3f4a5b6c"),
            TABLE, SLOT, "arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01");
    private static final Archive ARCHIVE = new Archive(Period.ofDays(30), Set.of(Tier.M), Archive.Mode.MOVE,
            Archive.StorageClass.GLACIER_IR, new ArchiveTarget("acme-ddb-archive", "gfs", "eu-central-1",
            "222222222222", "arn:aws:iam::222222222222:role/gfs-archive", "x-7", null));

    @Test
    void everyArchiveMessageIsReadBackAsWritten() {
        ArchiveRequested requested = ArchiveRequested.of(POINT, new ArchiveDue(SLOT, SLOT.plus(Period.ofDays(30)), 2,
                ARCHIVE));
        PointArchived archived = new PointArchived(PointArchived.idOf(POINT), SLOT.plusSeconds(3_000_000), POINT,
                new ArchiveLocation("acme-ddb-archive", "eu-central-1", "gfs/123456789012/us-east-1/orders/x/",
                        new AwsAccount("222222222222", "arn:aws:iam::222222222222:role/gfs-archive", "x-7")),
                "arn:export", 12, "GLACIER_IR", true, "w1");
        ArchiveFailed failed = new ArchiveFailed(ArchiveFailed.idOf(POINT, 2), SLOT.plusSeconds(2_600_000), POINT, 2,
                "AccessDenied", "w1");

        for (Message message : new Message[] {requested, archived, failed}) {
            assertThat(Messages.parse(Messages.toJson(message))).isEqualTo(message);
        }
        assertThat(requested.occurredAt()).isEqualTo(Instant.parse("2026-02-04T07:00:00Z"));
        assertThat(requested.id()).isNotEqualTo(ArchiveRequested.of(POINT, new ArchiveDue(SLOT,
                Instant.parse("2026-02-04T07:00:00Z"), 3, ARCHIVE)).id());
    }

    @Test
    void anArchiveRequestWithoutArchiveIsMalformed() {
        com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode)
                io.gfsbackup.contracts.Json.mapper().valueToTree(ArchiveRequested.of(POINT, new ArchiveDue(SLOT, SLOT,
                        1, ARCHIVE)));
        tree.remove("archive");
        tree.put("type", "ArchiveRequested");
        String json = tree.toString();

        assertThatThrownBy(() -> Messages.parse(json)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("archive");
    }
}
