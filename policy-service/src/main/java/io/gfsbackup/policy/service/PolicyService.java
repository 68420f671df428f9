package io.gfsbackup.policy.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.hibernate.exception.ConstraintViolationException;

import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.PolicyJson;
import io.gfsbackup.policy.persistence.PolicyEntity;
import io.gfsbackup.policy.persistence.PolicyRepository;
import io.gfsbackup.policy.persistence.PolicyVersionEntity;
import io.gfsbackup.policy.persistence.PolicyVersionEntity.Change;
import io.gfsbackup.policy.persistence.PolicyVersionRepository;
import io.quarkus.hibernate.orm.panache.PanacheQuery;

/**
 * Every change to a policy, each in one transaction that writes the policy row, a new row in its version history
 * and an outbox row for the {@code policies} topic: either all three are stored or none is.
 *
 * <p>Policies given here are valid: the REST layer reads them with {@code PolicyJson.read}, which validates.
 * {@code expectedVersion} is the version from the caller's {@code If-Match}; empty means "whatever is current".
 * Every change locks the policy's row first, so that concurrent changes of one policy never compute the same next
 * version.
 */
@ApplicationScoped
public class PolicyService {

    private final PolicyRepository policies;
    private final PolicyVersionRepository versions;
    private final PolicyOutbox outbox;
    private final Clock clock;

    PolicyService(PolicyRepository policies, PolicyVersionRepository versions, PolicyOutbox outbox, Clock clock) {
        this.policies = policies;
        this.versions = versions;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public StoredPolicy create(BackupPolicy policy, String actor) {
        if (policies.findByName(policy.name()).isPresent()) {
            throw new DuplicatePolicyNameException(policy.name());
        }
        Instant now = clock.instant();
        PolicyEntity entity = new PolicyEntity();
        entity.id = UUID.randomUUID();
        entity.version = 1;
        entity.createdAt = now;
        entity.createdBy = actor;
        apply(entity, policy, now, actor);
        try {
            policies.persistAndFlush(entity);
        } catch (ConstraintViolationException raceOnName) {
            throw new DuplicatePolicyNameException(policy.name());
        }
        return recordVersion(entity, policy, Change.CREATED);
    }

    @Transactional
    public StoredPolicy replace(UUID id, BackupPolicy policy, OptionalLong expectedVersion, String actor) {
        PolicyEntity entity = current(id, expectedVersion);
        if (!entity.name.equals(policy.name()) && policies.findByName(policy.name()).isPresent()) {
            throw new DuplicatePolicyNameException(policy.name());
        }
        entity.version++;
        apply(entity, policy, clock.instant(), actor);
        try {
            policies.flush();
        } catch (ConstraintViolationException raceOnName) {
            throw new DuplicatePolicyNameException(policy.name());
        }
        return recordVersion(entity, policy, Change.REPLACED);
    }

    /** Enables or disables a policy; a new version only if that changes anything. */
    @Transactional
    public StoredPolicy setEnabled(UUID id, boolean enabled, OptionalLong expectedVersion, String actor) {
        PolicyEntity entity = current(id, expectedVersion);
        BackupPolicy policy = read(entity);
        if (policy.enabled() == enabled) {
            return toStored(entity, policy);
        }
        BackupPolicy changed = new BackupPolicy(policy.name(), policy.description(), enabled, policy.timeZone(),
                policy.selection(), policy.schedule(), policy.startWindow(), policy.retentionSafety(),
                policy.restoreTest(), policy.archive());
        entity.version++;
        apply(entity, changed, clock.instant(), actor);
        return recordVersion(entity, changed, enabled ? Change.ENABLED : Change.DISABLED);
    }

    /**
     * Deletes a policy: it schedules nothing more, and a tombstone goes to the {@code policies} topic. Its
     * restore points are not deleted (retention-semantics section 4); its version history stays.
     */
    @Transactional
    public void delete(UUID id, OptionalLong expectedVersion, String actor) {
        PolicyEntity entity = current(id, expectedVersion);
        PolicyVersionEntity version = versionRow(entity, Change.DELETED, clock.instant(), actor);
        version.version = entity.version + 1;
        versions.persist(version);
        policies.delete(entity);
        outbox.policyDeleted(id);
    }

    public StoredPolicy get(UUID id) {
        PolicyEntity entity = policies.findByIdOptional(id).orElseThrow(() -> new PolicyNotFoundException(id));
        return toStored(entity, read(entity));
    }

    public PolicyPage list(String nameContains, Boolean enabled, int page, int size) {
        PanacheQuery<PolicyEntity> query = policies.search(nameContains, enabled, page, size);
        List<StoredPolicy> items = query.list().stream().map(e -> toStored(e, read(e))).toList();
        return new PolicyPage(items, page, size, query.count());
    }

    /** The whole history of a policy, oldest first; also for a deleted policy. */
    public List<PolicyVersion> versions(UUID id) {
        List<PolicyVersion> history = versions.versionsOf(id).stream()
                .map(v -> new PolicyVersion(v.policyId, v.version, v.change, v.changedBy, v.changedAt,
                        PolicyJson.read(v.document).value()))
                .toList();
        if (history.isEmpty()) {
            throw new PolicyNotFoundException(id);
        }
        return history;
    }

    /**
     * The policy to change, locked until the transaction ends: concurrent writes of one policy wait for each other
     * and apply as successive versions (a second writer then reads the first one's version, or finds it deleted).
     */
    private PolicyEntity current(UUID id, OptionalLong expectedVersion) {
        PolicyEntity entity = policies.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new PolicyNotFoundException(id));
        if (expectedVersion.isPresent() && expectedVersion.getAsLong() != entity.version) {
            throw new StalePolicyVersionException(id, expectedVersion.getAsLong(), entity.version);
        }
        return entity;
    }

    private static void apply(PolicyEntity entity, BackupPolicy policy, Instant now, String actor) {
        entity.name = policy.name();
        entity.enabled = policy.enabled();
        entity.document = PolicyJson.write(policy);
        entity.updatedAt = now;
        entity.updatedBy = actor;
    }

    private StoredPolicy recordVersion(PolicyEntity entity, BackupPolicy policy, Change change) {
        versions.persist(versionRow(entity, change, entity.updatedAt, entity.updatedBy));
        StoredPolicy stored = toStored(entity, policy);
        outbox.policyUpserted(stored);
        return stored;
    }

    private static PolicyVersionEntity versionRow(PolicyEntity entity, Change change, Instant at, String actor) {
        PolicyVersionEntity version = new PolicyVersionEntity();
        version.policyId = entity.id;
        version.version = entity.version;
        version.change = change;
        version.changedBy = actor;
        version.changedAt = at;
        version.document = entity.document;
        return version;
    }

    private static BackupPolicy read(PolicyEntity entity) {
        return PolicyJson.read(entity.document).value();
    }

    private static StoredPolicy toStored(PolicyEntity entity, BackupPolicy policy) {
        return new StoredPolicy(entity.id, entity.version, policy, entity.createdAt, entity.createdBy,
                entity.updatedAt, entity.updatedBy);
    }
}
