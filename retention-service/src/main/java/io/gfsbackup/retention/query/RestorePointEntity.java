package io.gfsbackup.retention.query;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Read model: the DynamoDB backup (ARN and name) of each restore point, for the PointExpired message. */
@Entity
@Table(name = "restore_point")
@IdClass(RestorePointEntity.Key.class)
public class RestorePointEntity extends PanacheEntityBase {

    @Id
    @Column(name = "chain_id")
    public UUID chainId;

    @Id
    @Column(name = "slot")
    public Instant slot;

    @Column(name = "backup_arn", nullable = false)
    public String backupArn;

    @Column(name = "backup_name", nullable = false)
    public String backupName;

    public static RestorePointEntity find(UUID chainId, Instant slot) {
        return findById(new Key(chainId, slot));
    }

    /** The composite key. */
    public static class Key implements Serializable {
        public UUID chainId;
        public Instant slot;

        public Key() {
        }

        public Key(UUID chainId, Instant slot) {
            this.chainId = chainId;
            this.slot = slot;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(chainId, key.chainId) && Objects.equals(slot, key.slot);
        }

        @Override
        public int hashCode() {
            return Objects.hash(chainId, slot);
        }
    }
}
