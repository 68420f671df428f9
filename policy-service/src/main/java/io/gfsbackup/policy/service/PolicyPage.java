package io.gfsbackup.policy.service;

import java.util.List;

/** One page of a policy listing. */
public record PolicyPage(List<StoredPolicy> items, int page, int size, long totalItems) {
}
