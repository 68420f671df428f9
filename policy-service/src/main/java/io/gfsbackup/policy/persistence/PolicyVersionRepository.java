package io.gfsbackup.policy.persistence;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class PolicyVersionRepository implements PanacheRepositoryBase<PolicyVersionEntity, PolicyVersionEntity.Key> {

    public List<PolicyVersionEntity> versionsOf(UUID policyId) {
        return list("policyId", Sort.by("version"), policyId);
    }
}
