package io.gfsbackup.policy.service;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.PolicyUpserted;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.policy.persistence.OutboxEntity;
import io.gfsbackup.policy.persistence.OutboxRepository;

/**
 * Writes the messages for the {@code policies} topic into the outbox, inside the caller's transaction; the
 * {@link OutboxRelay} publishes them. Keyed by policy id, so the compacted topic keeps each policy's latest
 * version, and a delete leaves a tombstone.
 */
@ApplicationScoped
public class PolicyOutbox {

    private final OutboxRepository outbox;
    private final Clock clock;

    PolicyOutbox(OutboxRepository outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void policyUpserted(StoredPolicy stored) {
        PolicyUpserted message = PolicyUpserted.of(stored.id(), stored.version(), stored.policy(),
                stored.updatedBy(), clock.instant());
        write(stored.id(), Messages.toJson(message));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void policyDeleted(UUID policyId) {
        write(policyId, null);
    }

    private void write(UUID policyId, String payload) {
        OutboxEntity row = new OutboxEntity();
        row.topic = Topics.POLICIES;
        row.messageKey = policyId.toString();
        row.payload = payload;
        row.createdAt = clock.instant();
        outbox.persist(row);
    }
}
