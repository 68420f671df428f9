package io.gfsbackup.policy.persistence;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One version of a policy (table {@code policy_version}); written once, never changed. */
@Entity
@Table(name = "policy_version")
@IdClass(PolicyVersionEntity.Key.class)
public class PolicyVersionEntity {

    /** What a version changed. */
    public enum Change { CREATED, REPLACED, ENABLED, DISABLED, DELETED }

    @Id
    @Column(name = "policy_id")
    public UUID policyId;

    @Id
    public long version;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Change change;

    @Column(name = "changed_by", nullable = false)
    public String changedBy;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;

    @Column(nullable = false)
    public String document;

    /** The composite key (policy id, version). */
    public static class Key implements Serializable {
        public UUID policyId;
        public long version;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.version == version && Objects.equals(k.policyId, policyId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(policyId, version);
        }
    }
}
