package io.gfsbackup.retention.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.BackupChain;
import io.gfsbackup.contracts.retention.ChainEvent;
import io.gfsbackup.contracts.retention.DeletionRefused;
import io.gfsbackup.contracts.retention.LegalHoldPlaced;
import io.gfsbackup.contracts.retention.LegalHoldReleased;
import io.gfsbackup.contracts.retention.PointRecorded;
import io.gfsbackup.contracts.retention.RestoreEnded;
import io.gfsbackup.contracts.retention.RestoreStarted;
import io.gfsbackup.contracts.retention.SlotLost;
import io.gfsbackup.contracts.schedule.Flags;
import io.gfsbackup.retention.support.Chains;

/** The event store's Jackson configuration reads back what it writes: events, and chains inside snapshots. */
class AxonJsonTest {

    private final JacksonSerializer serializer = AxonJson.serializer();

    @Test
    void everyChainEventReadsBackEqualAsAStoredPayload() {
        for (ChainEvent event : veeamEvents()) {
            SerializedObject<byte[]> stored = serializer.serialize(event, byte[].class);
            assertThat(stored.getType().getName()).isEqualTo(event.getClass().getName());
            Object read = serializer.deserialize(stored);
            assertThat(read).isEqualTo(event);
        }
    }

    @Test
    void lostSlotWithCarryDeadlinesReadsBackEqual() {
        SlotLost lost = new SlotLost(Instant.parse("2026-01-05T07:00:00Z"), Flags.of(Tier.D, Tier.W, Tier.M),
                Map.of(Tier.W, Instant.parse("2026-01-12T07:00:00Z"), Tier.M, Instant.parse("2026-03-02T07:00:00Z")));
        assertThat((Object) serializer.deserialize(serializer.serialize(lost, byte[].class))).isEqualTo(lost);
    }

    @Test
    void legalHoldEventsStoredBeforeWhoAndWhyWereRecordedStillLoad() {
        Instant slot = Instant.parse("2026-01-05T07:00:00Z");
        Instant at = Instant.parse("2026-01-06T07:00:00Z");

        assertThat(readStoredBeforeWhoAndWhy(new LegalHoldPlaced(slot, at, "alice", "case 2026-17")))
                .isEqualTo(new LegalHoldPlaced(slot, at, null, null));
        assertThat(readStoredBeforeWhoAndWhy(new LegalHoldReleased(slot, at, "bob", "case closed")))
                .isEqualTo(new LegalHoldReleased(slot, at, null, null));
    }

    /** The event as it was stored before it had {@code by} and {@code reason}, read back as the event store does. */
    private Object readStoredBeforeWhoAndWhy(ChainEvent event) {
        SerializedObject<byte[]> stored = serializer.serialize(event, byte[].class);
        String json = new String(stored.getData(), StandardCharsets.UTF_8);
        String old = json.replaceAll(",\"by\":\"[^\"]*\"", "").replaceAll(",\"reason\":\"[^\"]*\"", "");
        assertThat(old).doesNotContain("by").doesNotContain("reason").contains("\"slot\"");
        return serializer.deserialize(new SimpleSerializedObject<>(old.getBytes(StandardCharsets.UTF_8), byte[].class,
                stored.getType()));
    }

    @Test
    void legalHoldsWithWhoAndWhyAndRefusedDeletionsReadBackEqual() {
        Instant slot = Instant.parse("2026-01-05T07:00:00Z");
        Instant at = Instant.parse("2026-01-06T07:00:00Z");
        for (ChainEvent event : List.of(new LegalHoldPlaced(slot, at, "alice", "case 2026-17"),
                new LegalHoldReleased(slot, at, "bob", "case closed"), new DeletionRefused(slot, at, "arn:b", false))) {
            assertThat((Object) serializer.deserialize(serializer.serialize(event, byte[].class))).isEqualTo(event);
        }
    }

    @Test
    void listOfChainEventsReadsBackWithTheirTypes() throws Exception {
        List<ChainEvent> events = veeamEvents();
        byte[] json = AxonJson.mapper().writerFor(AxonJson.mapper().getTypeFactory()
                .constructCollectionType(List.class, ChainEvent.class)).writeValueAsBytes(events);
        List<ChainEvent> read = AxonJson.mapper().readValue(json, AxonJson.mapper().getTypeFactory()
                .constructCollectionType(List.class, ChainEvent.class));
        assertThat(read).isEqualTo(events);
        assertThat(BackupChain.replay(read).points()).isEqualTo(BackupChain.replay(events).points());
    }

    private static List<ChainEvent> veeamEvents() {
        BackupChain chain = new BackupChain();
        List<ChainEvent> events = new ArrayList<>();
        for (Instant slot : Chains.veeamSlots(LocalDate.of(2026, 1, 5), LocalDate.of(2026, 1, 20))) {
            events.addAll(chain.applyAll(chain.recordPoint(slot, Chains.veeamFlags(slot),
                    "arn:backup/" + slot.toEpochMilli(), Chains.veeam(1))));
            events.addAll(chain.applyAll(chain.advanceTo(slot)));
        }
        Instant first = Chains.veeamSlots(LocalDate.of(2026, 1, 5), LocalDate.of(2026, 1, 5)).get(0);
        UUID restore = UUID.fromString("9d0f1c7e-2a4b-4c1d-8e3f-5a6b7c8d9e0f");
        Instant start = Instant.parse("2026-01-06T09:00:00Z");
        events.addAll(chain.applyAll(chain.recordRestoreStarted(new RestoreStarted(first, start, restore,
                "arn:backup/" + first.toEpochMilli(), "arn:aws:dynamodb:us-east-1:123456789012:table/gfs-scratch-o",
                "operations", start.minusSeconds(30), true, "worker-1"))));
        events.addAll(chain.applyAll(chain.recordRestoreEnded(new RestoreEnded(first, start.plusSeconds(600), restore,
                "arn:backup/" + first.toEpochMilli(), "arn:aws:dynamodb:us-east-1:123456789012:table/gfs-scratch-o",
                "operations", start.minusSeconds(30), true, RestoreEnded.Outcome.FAILED,
                start.plusSeconds(1), start.plusSeconds(300), Duration.ofSeconds(299), "validation failed: 80 of 100",
                List.of("TTL not re-applied"), new RestoreEnded.Validation(false, 100, 80, 0.1, 10, 10,
                        "80 of 100")))));
        assertThat(events).hasAtLeastOneElementOfType(PointRecorded.class)
                .hasAtLeastOneElementOfType(RestoreStarted.class).hasAtLeastOneElementOfType(RestoreEnded.class);
        return events;
    }
}
