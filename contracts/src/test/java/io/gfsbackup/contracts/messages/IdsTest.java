package io.gfsbackup.contracts.messages;

import io.gfsbackup.contracts.policy.Tier;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTest {

    private static final UUID POLICY = UUID.fromString("0b6a3c1e-5d2f-4e8a-9b7c-1d2e3f4a5b6c");
    private static final String ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/orders";
    private static final Instant SLOT = Instant.parse("2026-01-05T07:00:00Z");

    @Test
    void nameBasedIdsFollowRfc9562Version5() {
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        assertThat(Ids.v5(dns, "www.example.com")).isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
        assertThat(Ids.dueId(POLICY, ARN, SLOT).version()).isEqualTo(5);
        assertThat(Ids.dueId(POLICY, ARN, SLOT).variant()).isEqualTo(2);
    }

    @Test
    void theDueIdIsTheSameForTheSamePolicyTableAndSlot() {
        assertThat(Ids.dueId(POLICY, ARN, SLOT)).isEqualTo(Ids.dueId(POLICY, ARN, Instant.parse("2026-01-05T07:00:00Z")));
    }

    @Test
    void idsDifferForEveryDifferentInputAndKind() {
        List<UUID> ids = List.of(
                Ids.dueId(POLICY, ARN, SLOT),
                Ids.dueId(POLICY, ARN, SLOT.plusSeconds(1)),
                Ids.dueId(POLICY, ARN + "2", SLOT),
                Ids.dueId(UUID.randomUUID(), ARN, SLOT),
                Ids.chainId(POLICY, ARN),
                Ids.outcomeId(Ids.dueId(POLICY, ARN, SLOT)),
                Ids.flagUnassignedId(POLICY, ARN, SLOT, Tier.D),
                Ids.flagUnassignedId(POLICY, ARN, SLOT, Tier.W),
                Ids.pointExpiredId(POLICY, ARN, SLOT),
                Ids.backupDeletedId(POLICY, ARN, SLOT),
                Ids.retentionGapId(POLICY, ARN, Tier.M, SLOT),
                Ids.policyUpsertedId(POLICY, 1),
                Ids.policyUpsertedId(POLICY, 2));

        assertThat(new HashSet<>(ids)).hasSize(ids.size());
    }

    @Test
    void theBackupNameIsTableSlotAndShortPolicyId() {
        assertThat(Ids.backupName("orders", SLOT, POLICY)).isEqualTo("orders-20260105T070000Z-0b6a3c1e");
    }

    @Test
    void theBackupNameWritesTheSlotInUtc() {
        assertThat(Ids.backupName("t", Instant.parse("2026-03-29T01:30:00.5Z"), POLICY))
                .isEqualTo("t-20260329T013000Z-0b6a3c1e");
    }

    @Test
    void theBackupNameCutsALongTableNameTo255Characters() {
        String name = Ids.backupName("x".repeat(255), SLOT, POLICY);

        assertThat(name).hasSize(255).endsWith("-20260105T070000Z-0b6a3c1e").startsWith("xxxx");
    }

    @Test
    void theBackupNameIsAlwaysValidForDynamoDb() {
        for (String table : Set.of("", "a", "orders table/ü", "x".repeat(300), "My.Table_1-2")) {
            assertThat(Ids.backupName(table, SLOT, POLICY)).matches("[A-Za-z0-9_.-]{3,255}");
        }
        assertThat(Ids.backupName("orders table/ü", SLOT, POLICY)).startsWith("orders_table__-");
    }
}
