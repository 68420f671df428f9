package io.gfsbackup.policy.persistence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class PolicyRepository implements PanacheRepositoryBase<PolicyEntity, UUID> {

    public Optional<PolicyEntity> findByName(String name) {
        return find("name", name).firstResultOptional();
    }

    /** One page of policies sorted by name, optionally those whose name contains {@code nameContains}. */
    public PanacheQuery<PolicyEntity> search(String nameContains, Boolean enabled, int page, int size) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        if (nameContains != null && !nameContains.isBlank()) {
            conditions.add("lower(name) like :name");
            parameters.put("name", "%" + nameContains.toLowerCase().replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (enabled != null) {
            conditions.add("enabled = :enabled");
            parameters.put("enabled", enabled);
        }
        PanacheQuery<PolicyEntity> query = conditions.isEmpty()
                ? findAll(Sort.by("name"))
                : find(String.join(" and ", conditions), Sort.by("name"), parameters);
        return query.page(Page.of(page, size));
    }
}
