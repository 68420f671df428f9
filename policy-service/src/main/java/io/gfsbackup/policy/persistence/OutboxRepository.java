package io.gfsbackup.policy.persistence;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class OutboxRepository implements PanacheRepository<OutboxEntity> {

    /** The oldest unpublished messages, in the order they were written. */
    public List<OutboxEntity> nextBatch(int size) {
        return find("publishedAt is null", Sort.by("id")).page(0, size).list();
    }

    public long pending() {
        return count("publishedAt is null");
    }
}
