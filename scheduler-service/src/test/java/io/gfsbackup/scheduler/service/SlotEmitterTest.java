package io.gfsbackup.scheduler.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.PolicyJson;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.schedule.HarmonizedSchedule;
import io.gfsbackup.contracts.schedule.Slot;

class SlotEmitterTest {

    @Test
    void theDueSlotsOfManyTablesAreExactlyWhatDueSlotOfGivesForEachWithItsAccount() {
        BackupPolicy policy = PolicyJson.read("""
                {"name": "veeam", "timeZone": "Europe/Berlin",
                 "selection": {"region": "us-east-1", "tables": ["*"]},
                 "schedule": {"daily": {"times": ["07:00", "11:00"], "keep": "P3D"},
                              "weekly": {"day": "MON", "time": "07:00", "keep": "P14D"},
                              "monthly": {"week": "FIRST", "day": "MON", "time": "07:00", "keep": "P6M"}}}""")
                .value();
        Slot slot = HarmonizedSchedule.nextSlot(policy, Instant.parse("2026-01-05T00:00:00Z")).orElseThrow();
        assertThat(slot.flags()).contains(Tier.W, Tier.M);
        UUID policyId = UUID.randomUUID();
        AwsAccount other = new AwsAccount("222222222222", "arn:aws:iam::222222222222:role/gfs-backup", "x");
        List<SelectedTable> tables = IntStream.range(0, 6)
                .mapToObj(i -> i % 2 == 0
                        ? new SelectedTable(TableRef.fromArn("arn:aws:dynamodb:us-east-1:123456789012:table/t" + i), null)
                        : new SelectedTable(TableRef.fromArn("arn:aws:dynamodb:eu-west-1:222222222222:table/t" + i),
                                other))
                .toList();

        List<DueSlot> dues = SlotEmitter.dueSlots(policyId, 7, policy, slot, tables);

        assertThat(dues).containsExactlyElementsOf(
                tables.stream().map(t -> DueSlot.of(policyId, 7, policy, t.table(), t.account(), slot)).toList());
        assertThat(dues.get(1).account()).isEqualTo(other);
        assertThat(dues.get(2).account()).isNull();
    }
}
