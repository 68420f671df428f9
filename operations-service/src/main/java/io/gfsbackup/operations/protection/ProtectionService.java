package io.gfsbackup.operations.protection;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.gfsbackup.aws.TableInventory.Table;
import io.gfsbackup.clock.TopicClock;
import io.gfsbackup.operations.config.ProtectionConfig;

/**
 * The protection of every table now: the policies and the projection's facts from the database, the tables from the
 * {@link Inventories}, the rules of {@link ProtectionRules}.
 */
@ApplicationScoped
public class ProtectionService {

    private final Clock clock;
    private final ProtectionStore store;
    private final Inventories inventories;
    private final List<String> ignore;
    private final LongestGaps longestGaps = new LongestGaps();
    /** The tables whose first listing is recorded (table_seen), so each is written once per process. */
    private final Set<String> recorded = ConcurrentHashMap.newKeySet();

    ProtectionService(Clock clock, ProtectionStore store, Inventories inventories, ProtectionConfig config) {
        this.clock = clock;
        this.store = store;
        this.inventories = inventories;
        this.ignore = config.ignore().orElse(List.of()).stream().map(String::trim).filter(g -> !g.isEmpty())
                .toList();
    }

    /**
     * Evaluates every table at the clock's instant: with {@code readIfOld} (a report) an account's and region's
     * inventory older than its max age is read first; without (the metrics), only what is held is used.
     */
    public Evaluation evaluate(boolean readIfOld) {
        Instant now = clock.instant();
        List<PolicyRow> policies = store.policies();
        List<ScopeRead> reads = inventories.read(inventories.scopes(policies), readIfOld);
        recordFirstListing(reads, now);
        return ProtectionRules.evaluate(now, policies, reads, inventories.ownAccountId(reads), store.facts(), ignore,
                inventories::pointInTimeRecovery, longestGaps);
    }

    /** Whether the clock knows the time: a test or demo clock does not until its first tick. */
    public boolean clockIsSet() {
        return !(clock instanceof TopicClock topic) || topic.isSet();
    }

    private void recordFirstListing(List<ScopeRead> reads, Instant now) {
        List<String> unrecorded = new ArrayList<>();
        for (ScopeRead read : reads) {
            if (read.snapshot() != null) {
                for (Table table : read.snapshot().tables()) {
                    if (!recorded.contains(table.arn())) {
                        unrecorded.add(table.arn());
                    }
                }
            }
        }
        if (!unrecorded.isEmpty()) {
            store.seen(unrecorded, now);
            recorded.addAll(unrecorded);
        }
    }
}
