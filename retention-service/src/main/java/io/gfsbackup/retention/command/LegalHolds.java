package io.gfsbackup.retention.command;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.retention.LegalHoldPlaced;
import io.gfsbackup.contracts.retention.PointExpired;
import io.gfsbackup.retention.api.ChainOutcome;
import io.gfsbackup.retention.api.PointNotAliveException;
import io.gfsbackup.retention.persistence.HoldTableUnavailableException;
import io.gfsbackup.retention.persistence.LegalHoldTable;
import io.gfsbackup.retention.query.ChainEntity;
import io.gfsbackup.retention.query.UnknownChainException;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Places and releases legal holds in the chain and in the legal-hold table the backup worker reads
 * ({@link LegalHoldTable}), in the order that keeps the table on the safe side of the chain: it may lag only in
 * letting a forged {@code PointExpired} through, never in refusing a legitimate one.
 *
 * <ul>
 *   <li>Place: the item is put first, then the command sent. If the command is refused (no such point, the point
 *       has expired) or fails, or the point expires before the hold (everything due up to now is applied first),
 *       the table gets back what it had.</li>
 *   <li>Release: the item is removed first, then the command sent; if the command is refused or fails, the item
 *       is put back.</li>
 * </ul>
 * A table that cannot be written first is a {@link HoldTableUnavailableException}, and nothing has changed. The
 * holds of one chain are serialised with its commands in this process.
 */
@ApplicationScoped
public class LegalHolds {

    private static final Logger LOG = Logger.getLogger(LegalHolds.class);
    private static final int UNDO_ATTEMPTS = 3;

    @Inject
    ChainCommands commands;

    @Inject
    LegalHoldTable table;

    @Inject
    Clock clock;

    /** Places a legal hold on the point of {@code slot} now, by {@code by} for {@code reason}. */
    public void place(UUID chainId, Instant slot, String by, String reason) {
        commands.serialized(Set.of(chainId), () -> {
            ChainEntity chain = chain(chainId);
            Instant now = clock.instant();
            UUID dueId = Ids.dueId(chain.policyId, chain.tableArn, slot);
            Optional<LegalHoldTable.Hold> previous = table.put(
                    new LegalHoldTable.Hold(dueId, chainId, chain.tableArn, slot, by, reason, now));
            ChainOutcome outcome;
            try {
                outcome = commands.placeLegalHold(chainId, slot, now, by, reason);
            } catch (RuntimeException refused) {
                undo(dueId, previous, "the placing of the hold on slot " + slot + " of chain " + chainId + " failed");
                throw refused;
            }
            if (outcome.events().stream().anyMatch(e -> e instanceof PointExpired expired
                    && expired.slot().equals(slot))) {
                undo(dueId, previous, "the point of slot " + slot + " of chain " + chainId + " expired first");
                throw new PointNotAliveException(chainId, slot);
            }
            if (previous.isPresent() && outcome.events().stream().noneMatch(LegalHoldPlaced.class::isInstance)) {
                // held already: the item keeps telling who placed the hold in force, and why
                undo(dueId, previous, "the point of slot " + slot + " of chain " + chainId + " was held already");
            }
            return null;
        });
    }

    /** Releases the legal hold on the point of {@code slot} now, by {@code by} for {@code reason}. */
    public void release(UUID chainId, Instant slot, String by, String reason) {
        commands.serialized(Set.of(chainId), () -> {
            ChainEntity chain = chain(chainId);
            UUID dueId = Ids.dueId(chain.policyId, chain.tableArn, slot);
            Optional<LegalHoldTable.Hold> removed = table.remove(dueId);
            try {
                commands.releaseLegalHold(chainId, slot, clock.instant(), by, reason);
            } catch (RuntimeException refused) {
                undo(dueId, removed, "the release of the hold on slot " + slot + " of chain " + chainId + " failed");
                throw refused;
            }
            return null;
        });
    }

    private static ChainEntity chain(UUID chainId) {
        ChainEntity chain = QuarkusTransaction.requiringNew().call(() -> ChainEntity.findById(chainId));
        if (chain == null) {
            throw new UnknownChainException(chainId);
        }
        return chain;
    }

    /**
     * Gives the table's item of {@code dueId} back what it had before ({@code previous}, or no item), trying a few
     * times. If the table stays away the item is left as it is, and the log says which one to fix.
     */
    private void undo(UUID dueId, Optional<LegalHoldTable.Hold> previous, String why) {
        for (int attempt = 1; ; attempt++) {
            try {
                table.restore(dueId, previous);
                return;
            } catch (HoldTableUnavailableException e) {
                if (attempt == UNDO_ATTEMPTS) {
                    LOG.errorf(e, "%s, and the legal-hold table item %s could not be given back its previous state "
                            + "(%s); fix it by hand", why, dueId, previous.map(Object::toString).orElse("no item"));
                    return;
                }
                sleep(Duration.ofMillis(200L * attempt));
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
