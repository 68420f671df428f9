package io.gfsbackup.scheduler.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.PolicyJson;
import io.gfsbackup.scheduler.service.PolicyBook.OwnedPolicy;
import io.gfsbackup.scheduler.service.PolicyBook.Segment;

class PolicyBookTest {

    private static final UUID ID = UUID.randomUUID();
    private static final Instant T1 = Instant.parse("2026-01-05T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-05T08:00:00Z");
    private static final Instant T3 = Instant.parse("2026-01-06T08:00:00Z");

    @Test
    void aVersionNotNewerThanTheOneHeldIsIgnored() {
        PolicyBook book = new PolicyBook();
        assertThat(book.upsert(0, ID, 2, T2, policy(true))).isEqualTo(PolicyBook.Change.NEW);
        assertThat(book.upsert(0, ID, 2, T2, policy(false))).isEqualTo(PolicyBook.Change.STALE);
        assertThat(book.upsert(0, ID, 1, T1, policy(false))).isEqualTo(PolicyBook.Change.STALE);
        book.ready(0);
        assertThat(book.schedulable()).singleElement()
                .satisfies(p -> assertThat(p.latest().policy().enabled()).isTrue());
    }

    @Test
    void eachSlotBelongsToTheVersionInForceAtItsInstant() {
        PolicyBook book = new PolicyBook();
        book.upsert(1, ID, 1, T1, policy(true));
        book.upsert(1, ID, 2, T2, policy(false));
        book.upsert(1, ID, 3, T3, policy(true));
        book.ready(1);
        OwnedPolicy owned = book.schedulable().get(0);

        List<Segment> segments = owned.segments(T1, T3.plusSeconds(3600));

        assertThat(segments).extracting(s -> s.version().version()).containsExactly(1L, 2L, 3L);
        assertThat(segments).extracting(Segment::from).containsExactly(T1, T2, T3);
        assertThat(segments).extracting(Segment::to).containsExactly(T2, T3, T3.plusSeconds(3600));
        assertThat(owned.segments(T2.plusSeconds(1), T3)).extracting(s -> s.version().version()).containsExactly(2L);
        assertThat(owned.startsAt()).isEqualTo(T1);
    }

    @Test
    void policiesOfAPartitionAreScheduledOnlyOnceItIsReadyAndNotAfterItIsDropped() {
        PolicyBook book = new PolicyBook();
        book.upsert(2, ID, 1, T1, policy(true));
        assertThat(book.owns(ID)).isFalse();
        book.ready(2);
        assertThat(book.owns(ID)).isTrue();
        book.drop(List.of(2));
        assertThat(book.owns(ID)).isFalse();
        assertThat(book.size()).isZero();
    }

    private static BackupPolicy policy(boolean enabled) {
        return PolicyJson.read("""
                {"name": "book", "enabled": %s, "selection": {"region": "us-east-1", "tables": ["t"]},
                 "schedule": {"daily": {"times": ["07:00"], "keep": "P3D"}}}""".formatted(enabled)).value();
    }
}
