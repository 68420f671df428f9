package io.gfsbackup.retention.query;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.gfsbackup.contracts.messages.TableRef;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Read model: one row per chain, with when its next retention event falls due. */
@Entity
@Table(name = "chain")
public class ChainEntity extends PanacheEntityBase {

    @Id
    @Column(name = "chain_id")
    public UUID chainId;

    @Column(name = "policy_id", nullable = false)
    public UUID policyId;

    @Column(name = "table_arn", nullable = false)
    public String tableArn;

    @Column(name = "table_region", nullable = false)
    public String tableRegion;

    @Column(name = "table_account")
    public String tableAccount;

    @Column(name = "table_name", nullable = false)
    public String tableName;

    @Column(name = "next_due_at")
    public Instant nextDueAt;

    public TableRef table() {
        return new TableRef(tableRegion, tableAccount, tableName, tableArn);
    }

    /** A chain with something due, and its policy. */
    public record Due(UUID chainId, UUID policyId) {
    }

    /** The chains with something due at or before {@code now}, earliest first. */
    public static List<Due> dueAt(Instant now, int limit) {
        return find("nextDueAt <= ?1 order by nextDueAt, chainId", now).page(0, limit).stream()
                .map(chain -> new Due(((ChainEntity) chain).chainId, ((ChainEntity) chain).policyId)).toList();
    }
}
