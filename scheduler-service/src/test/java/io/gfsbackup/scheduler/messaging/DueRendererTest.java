package io.gfsbackup.scheduler.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.BackupMissed;
import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.PolicyJson;
import io.gfsbackup.contracts.schedule.HarmonizedSchedule;
import io.gfsbackup.contracts.schedule.Slot;

class DueRendererTest {

    private static final BackupPolicy POLICY = PolicyJson.read("""
            {"name": "veeam", "timeZone": "Europe/Berlin",
             "selection": {"region": "us-east-1", "tables": ["*"]},
             "schedule": {"daily": {"times": ["07:00", "11:00"], "keep": "P3D"},
                          "weekly": {"day": "MON", "time": "07:00", "keep": "P14D"},
                          "monthly": {"week": "FIRST", "day": "MON", "time": "07:00", "keep": "P6M"}}}""").value();

    @Test
    void theBackupDuesOfOneSlotAreWrittenByteForByteAsMessagesToJsonWritesThem() {
        Slot slot = HarmonizedSchedule.nextSlot(POLICY, Instant.parse("2026-01-05T00:00:00Z")).orElseThrow();
        UUID policyId = UUID.randomUUID();
        List<Message> messages = new ArrayList<>();
        for (String name : List.of("orders", "a", "orders.v2", "orders-2026_01", "x".repeat(200), "veeam", "P3D")) {
            TableRef table = TableRef.fromArn("arn:aws:dynamodb:us-east-1:123456789012:table/" + name);
            messages.add(BackupDue.of(DueSlot.of(policyId, 3, POLICY, table, slot), slot.at().plusSeconds(5)));
        }

        List<String> rendered = DueRenderer.render(messages);

        assertThat(rendered).containsExactlyElementsOf(messages.stream().map(Messages::toJson).toList());
    }

    @Test
    void theBackupDuesOfOneSlotOverSeveralAccountsCarryEachItsOwnAccount() {
        Slot slot = HarmonizedSchedule.nextSlot(POLICY, Instant.parse("2026-01-05T00:00:00Z")).orElseThrow();
        UUID policyId = UUID.randomUUID();
        AwsAccount own = new AwsAccount("123456789012", "arn:aws:iam::123456789012:role/gfs-backup", null);
        AwsAccount other = new AwsAccount("222222222222", "arn:aws:iam::222222222222:role/gfs-backup", "ext-1");
        List<Message> messages = new ArrayList<>();
        for (AwsAccount account : java.util.Arrays.asList(own, other, null, own, other, null, other, own)) {
            String accountId = account == null ? "333333333333" : account.accountId();
            TableRef table = TableRef.fromArn("arn:aws:dynamodb:eu-west-1:" + accountId + ":table/t" + messages.size());
            messages.add(BackupDue.of(DueSlot.of(policyId, 3, POLICY, table, account, slot), slot.at()));
        }

        List<String> rendered = DueRenderer.render(messages);

        assertThat(rendered).containsExactlyElementsOf(messages.stream().map(Messages::toJson).toList());
    }

    @Test
    void aBatchThatIsNotOneSlotOfBackupDuesIsWrittenMessageByMessage() {
        Slot slot = HarmonizedSchedule.nextSlot(POLICY, Instant.parse("2026-01-05T00:00:00Z")).orElseThrow();
        Slot later = HarmonizedSchedule.nextSlot(POLICY, slot.at()).orElseThrow();
        UUID policyId = UUID.randomUUID();
        TableRef a = TableRef.fromArn("arn:aws:dynamodb:us-east-1:123456789012:table/a");
        TableRef b = TableRef.fromArn("arn:aws:dynamodb:us-east-1:123456789012:table/b");
        List<Message> mixed = List.of(
                BackupDue.of(DueSlot.of(policyId, 1, POLICY, a, slot), slot.at()),
                BackupDue.of(DueSlot.of(policyId, 1, POLICY, b, later), later.at()),
                BackupMissed.of(DueSlot.of(policyId, 1, POLICY, b, slot), "late", later.at()));

        assertThat(DueRenderer.render(mixed)).containsExactlyElementsOf(mixed.stream().map(Messages::toJson).toList());
    }
}
