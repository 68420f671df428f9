package io.gfsbackup.retention.api;

import org.axonframework.serialization.json.JacksonSerializer;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.gfsbackup.contracts.Json;
import io.gfsbackup.contracts.retention.ChainEvent;
import io.gfsbackup.contracts.retention.DeletionRefused;
import io.gfsbackup.contracts.retention.FlagUnassigned;
import io.gfsbackup.contracts.retention.LegalHoldPlaced;
import io.gfsbackup.contracts.retention.LegalHoldReleased;
import io.gfsbackup.contracts.retention.PointDeleted;
import io.gfsbackup.contracts.retention.PointExpired;
import io.gfsbackup.contracts.retention.PointRecorded;
import io.gfsbackup.contracts.retention.RestoreEnded;
import io.gfsbackup.contracts.retention.RestoreStarted;
import io.gfsbackup.contracts.retention.RetentionGap;
import io.gfsbackup.contracts.retention.SlotLost;

/**
 * The one Jackson configuration of the event store: the project's {@link Json#configure} (ISO-8601 instants and
 * periods, zone ids) plus a type name on {@link ChainEvent}, so that a snapshot's list of chain events reads back
 * as the right records. Events, messages, snapshots and tokens all go through {@link #serializer()}.
 */
public final class AxonJson {

    private static final ObjectMapper MAPPER = Json.configure(new ObjectMapper())
            .addMixIn(ChainEvent.class, ChainEventTypes.class);

    private AxonJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static JacksonSerializer serializer() {
        return JacksonSerializer.builder().objectMapper(MAPPER).build();
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "@type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = PointRecorded.class, name = "PointRecorded"),
            @JsonSubTypes.Type(value = FlagUnassigned.class, name = "FlagUnassigned"),
            @JsonSubTypes.Type(value = PointExpired.class, name = "PointExpired"),
            @JsonSubTypes.Type(value = RetentionGap.class, name = "RetentionGap"),
            @JsonSubTypes.Type(value = SlotLost.class, name = "SlotLost"),
            @JsonSubTypes.Type(value = PointDeleted.class, name = "PointDeleted"),
            @JsonSubTypes.Type(value = DeletionRefused.class, name = "DeletionRefused"),
            @JsonSubTypes.Type(value = LegalHoldPlaced.class, name = "LegalHoldPlaced"),
            @JsonSubTypes.Type(value = LegalHoldReleased.class, name = "LegalHoldReleased"),
            @JsonSubTypes.Type(value = RestoreStarted.class, name = "RestoreStarted"),
            @JsonSubTypes.Type(value = RestoreEnded.class, name = "RestoreEnded"),
            @JsonSubTypes.Type(value = io.gfsbackup.contracts.retention.ArchiveDue.class, name = "ArchiveDue"),
            @JsonSubTypes.Type(value = io.gfsbackup.contracts.retention.PointArchived.class, name = "PointArchived"),
            @JsonSubTypes.Type(value = io.gfsbackup.contracts.retention.ArchiveFailed.class, name = "ArchiveFailed")})
    private interface ChainEventTypes {
    }
}
