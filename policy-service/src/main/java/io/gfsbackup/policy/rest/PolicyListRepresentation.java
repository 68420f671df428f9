package io.gfsbackup.policy.rest;

import java.util.List;

import io.gfsbackup.policy.service.PolicyPage;

/** One page of policies, sorted by name; {@code page} counts from 0. */
public record PolicyListRepresentation(List<PolicyRepresentation> items, int page, int size, long totalItems,
                                       long totalPages) {

    static PolicyListRepresentation of(PolicyPage page) {
        long totalPages = (page.totalItems() + page.size() - 1) / page.size();
        return new PolicyListRepresentation(page.items().stream().map(PolicyRepresentation::of).toList(),
                page.page(), page.size(), page.totalItems(), totalPages);
    }
}
