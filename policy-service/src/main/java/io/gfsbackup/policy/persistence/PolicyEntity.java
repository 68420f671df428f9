package io.gfsbackup.policy.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The current version of one policy (table {@code policy}). Not an API shape: REST maps it to its own records. */
@Entity
@Table(name = "policy")
public class PolicyEntity {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public long version;

    @Column(nullable = false)
    public boolean enabled;

    /** The policy JSON (retention-semantics section 1), as {@code PolicyJson.write} produces it. */
    @Column(nullable = false)
    public String document;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
