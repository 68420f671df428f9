package io.gfsbackup.retention.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.BackupChain;
import io.gfsbackup.contracts.retention.ChainEvent;
import io.gfsbackup.contracts.retention.PointRecorded;
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
        assertThat(events).hasAtLeastOneElementOfType(PointRecorded.class);
        return events;
    }
}
