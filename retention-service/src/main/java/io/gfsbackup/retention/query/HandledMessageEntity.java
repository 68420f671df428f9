package io.gfsbackup.retention.query;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The id of a backup-events message already handled, written in the same transaction as its effect. */
@Entity
@Table(name = "handled_message")
public class HandledMessageEntity extends PanacheEntityBase {

    @Id
    @Column(name = "message_id")
    public UUID messageId;

    @Column(name = "message_type", nullable = false)
    public String messageType;

    @Column(name = "handled_at", nullable = false)
    public Instant handledAt;
}
