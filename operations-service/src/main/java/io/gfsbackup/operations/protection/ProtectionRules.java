package io.gfsbackup.operations.protection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import io.gfsbackup.contracts.Durations;
import io.gfsbackup.aws.TableInventory.Scope;
import io.gfsbackup.aws.TableInventory.Snapshot;
import io.gfsbackup.aws.TableInventory.Table;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.contracts.policy.Glob;
import io.gfsbackup.contracts.policy.TableSelection;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.RetentionSettings;
import io.gfsbackup.contracts.schedule.HarmonizedSchedule;
import io.gfsbackup.contracts.schedule.Slot;
import io.gfsbackup.operations.protection.Evaluation.AccountRegion;
import io.gfsbackup.operations.protection.Evaluation.PolicyStats;
import io.gfsbackup.operations.protection.Facts.Failures;
import io.gfsbackup.operations.protection.Facts.Gap;
import io.gfsbackup.operations.protection.Facts.Pause;
import io.gfsbackup.operations.protection.Facts.Points;
import io.gfsbackup.operations.protection.Facts.PolicyTable;
import io.gfsbackup.operations.protection.Facts.Success;
import io.gfsbackup.operations.protection.ProtectionReport.ScopeView;
import io.gfsbackup.operations.protection.TableProtection.LastSuccess;
import io.gfsbackup.operations.protection.TableProtection.PolicyRef;

/**
 * Decides the status of every table (docs/operations.md, "Protection report"), as a pure function of the instant,
 * the policies, the inventory reads and what the projection knows. The rows are every table an inventory lists, and
 * every table with alive restore points or jobs that none lists.
 * <ul>
 *   <li><b>GONE</b>: not listed, and its account and region were read successfully.</li>
 *   <li><b>UNPROTECTED</b>: no enabled policy selects it; <b>IGNORED</b> instead when it is a scratch table of this
 *       system (name starting with {@code gfs-scratch-}) or its name or ARN matches a glob of
 *       the ignore list.</li>
 *   <li><b>AT_RISK</b>: for a policy that selects it, no backup completed for longer than the policy's longest gap
 *       between slots plus its start window (counted from the newest success, or, with none, from when the table was
 *       first listed or the policy's version published, whichever is later), or backups FAILED or MISSED after its
 *       newest success; or, for a policy that selects it or has restore points or gaps on it, an open retention gap
 *       (the gap's period ended less than the tier's keep ago, by the policy's latest version), or the policy's
 *       deletions paused.</li>
 *   <li><b>PROTECTED</b> otherwise.</li>
 * </ul>
 * A table that no inventory lists because its account and region could not be read is never GONE: it is shown from
 * its jobs and points, selected by the enabled policies that have them, and a reason says why it is not listed.
 */
public final class ProtectionRules {

    static final String UNFLAGGED = "unflagged";

    private final Instant now;
    private final Facts facts;
    private final List<String> ignore;
    private final Function<String, String> pointInTimeRecovery;
    private final String ownAccountId;
    private final Map<UUID, PolicyInfo> policies = new LinkedHashMap<>();
    private final Map<String, Map<UUID, Success>> successes = new HashMap<>();
    private final Map<String, Map<UUID, Failures>> failures = new HashMap<>();
    private final Map<String, Map<UUID, Points>> points = new HashMap<>();
    private final Map<String, List<Gap>> gaps = new HashMap<>();

    /** A policy with what the rules need of it, computed once per evaluation. */
    private record PolicyInfo(PolicyRow row, Set<Scope> scopes, Set<AccountRegion> regions, Duration longestGap,
                              Instant nextSlot, RetentionSettings retention) {

        Duration allowed() {
            return longestGap.plus(row.policy().startWindow());
        }

        PolicyRef ref() {
            return new PolicyRef(row.id(), row.name(), row.version());
        }

        String name() {
            return "policy \"" + row.name() + "\"";
        }
    }

    /** A table listed by at least one inventory read: its tags, and the scopes that list it. */
    private record Listed(TableRef ref, Map<String, String> tags, Set<Scope> scopes) {
    }

    private ProtectionRules(Instant now, Facts facts, List<String> ignore, Function<String, String> pointInTimeRecovery,
                            String ownAccountId) {
        this.now = now;
        this.facts = facts;
        this.ignore = ignore;
        this.pointInTimeRecovery = pointInTimeRecovery;
        this.ownAccountId = ownAccountId;
    }

    /**
     * Evaluates every table at {@code now}.
     *
     * @param ownAccountId        the services' own account id; null when unknown (then a policy without accounts
     *                            matches only the tables its own scopes list)
     * @param pointInTimeRecovery the state read for a table ARN ({@code ENABLED}, {@code DISABLED}), null if unknown
     * @param longestGaps         the longest gap between slots of a policy version
     */
    public static Evaluation evaluate(Instant now, List<PolicyRow> policies, List<ScopeRead> reads,
                                      String ownAccountId, Facts facts, List<String> ignore,
                                      Function<String, String> pointInTimeRecovery, LongestGaps longestGaps) {
        ProtectionRules rules = new ProtectionRules(now, facts, ignore, pointInTimeRecovery, ownAccountId);
        rules.index(policies, longestGaps);
        return rules.evaluate(reads);
    }

    private void index(List<PolicyRow> rows, LongestGaps longestGaps) {
        longestGaps.retain(rows);
        for (PolicyRow row : rows) {
            Set<Scope> scopes = new LinkedHashSet<>();
            Set<AccountRegion> regions = new LinkedHashSet<>();
            for (Optional<AwsAccount> account : row.policy().selection().accountsOrOwn()) {
                for (String region : row.policy().selection().regions()) {
                    scopes.add(new Scope(account.orElse(null), region));
                    String accountId = account.map(AwsAccount::accountId).orElse(ownAccountId);
                    if (accountId != null) {
                        regions.add(new AccountRegion(accountId, region));
                    }
                }
            }
            Instant next = row.enabled() ? HarmonizedSchedule.nextSlot(row.policy(), now).map(Slot::at).orElse(null)
                    : null;
            policies.put(row.id(), new PolicyInfo(row, scopes, regions, longestGaps.of(row, now), next,
                    RetentionSettings.of(row.policy())));
        }
        facts.lastSuccess().forEach((key, success) -> byTable(successes, key).put(key.policyId(), success));
        facts.failures().forEach((key, failed) -> byTable(failures, key).put(key.policyId(), failed));
        facts.points().forEach((key, alive) -> byTable(points, key).put(key.policyId(), alive));
        for (Gap gap : facts.gaps()) {
            gaps.computeIfAbsent(gap.tableArn(), arn -> new ArrayList<>()).add(gap);
        }
    }

    private static <V> Map<UUID, V> byTable(Map<String, Map<UUID, V>> index, PolicyTable key) {
        return index.computeIfAbsent(key.tableArn(), arn -> new HashMap<>());
    }

    private Evaluation evaluate(List<ScopeRead> reads) {
        Map<String, Listed> listed = new LinkedHashMap<>();
        Map<AccountRegion, Instant> read = new HashMap<>();
        Map<AccountRegion, String> unread = new HashMap<>();
        List<ScopeView> scopes = new ArrayList<>();
        for (ScopeRead scopeRead : reads) {
            Scope scope = scopeRead.scope();
            Snapshot snapshot = scopeRead.snapshot();
            String accountId = scope.account() != null ? scope.account().accountId()
                    : snapshot != null && snapshot.accountId() != null ? snapshot.accountId() : ownAccountId;
            AccountRegion where = new AccountRegion(accountId, scope.region());
            if (snapshot != null) {
                for (Table table : snapshot.tables()) {
                    listed.computeIfAbsent(table.arn(), arn -> new Listed(table.ref(), table.tags(),
                            new LinkedHashSet<>())).scopes().add(scope);
                }
            }
            if (scopeRead.state() == ScopeRead.State.READ) {
                read.merge(where, snapshot.readAt(), (a, b) -> a.isAfter(b) ? a : b);
            } else {
                unread.putIfAbsent(where, scopeRead.error() == null ? "not read yet" : scopeRead.error());
            }
            scopes.add(new ScopeView(accountId, scope.region(), scope.account() == null ? null
                    : scope.account().roleArn(), scopeRead.state(), snapshot == null ? null : snapshot.readAt(),
                    snapshot == null ? null : snapshot.tables().size(), scopeRead.error()));
        }
        Stats stats = new Stats();
        List<TableProtection> tables = new ArrayList<>();
        for (Listed table : listed.values()) {
            tables.add(listedTable(table, stats));
        }
        for (String arn : facts.knownTables()) {
            if (listed.containsKey(arn)) {
                continue;
            }
            TableRef ref;
            try {
                ref = TableRef.fromArn(arn);
            } catch (IllegalArgumentException notATable) {
                continue;
            }
            AccountRegion where = new AccountRegion(ref.accountId(), ref.region());
            Instant readAt = read.get(where);
            tables.add(readAt != null ? gone(ref, where, readAt) : unlistedTable(ref, where, unread.get(where), stats));
        }
        tables.sort(Comparator.comparing(TableProtection::accountId, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(TableProtection::region).thenComparing(TableProtection::tableName));
        Map<AccountRegion, Long> unprotected = new HashMap<>();
        read.keySet().forEach(where -> unprotected.put(where, 0L));
        for (TableProtection table : tables) {
            if (table.status() == ProtectionStatus.UNPROTECTED) {
                unprotected.merge(new AccountRegion(table.accountId(), table.region()), 1L, Long::sum);
            }
        }
        return new Evaluation(now, scopes, tables, stats.perPolicy(), unprotected);
    }

    private TableProtection listedTable(Listed table, Stats stats) {
        List<PolicyInfo> selecting = new ArrayList<>();
        List<PolicyInfo> wouldSelect = new ArrayList<>();
        for (PolicyInfo policy : policies.values()) {
            if (covers(policy, table) && policy.row().policy().selection().selects(table.ref().name(), table.tags())) {
                (policy.row().enabled() ? selecting : wouldSelect).add(policy);
            }
        }
        return judge(table.ref(), selecting, wouldSelect, null, true, stats);
    }

    /** A table only the projection knows, in an account and region that could not be read (or that none names). */
    private TableProtection unlistedTable(TableRef ref, AccountRegion where, String error, Stats stats) {
        List<PolicyInfo> selecting = new ArrayList<>();
        for (PolicyInfo policy : policies.values()) {
            if (policy.row().enabled() && hasRecords(policy.row().id(), ref.arn())) {
                selecting.add(policy);
            }
        }
        String why = error != null
                ? "not listed: the inventory of " + describe(where) + " could not be read (" + error + ")"
                : "not listed: no policy and no gfs.operations.inventory.scopes entry names " + describe(where);
        return judge(ref, selecting, List.of(), why + "; shown from its jobs and restore points", false, stats);
    }

    private TableProtection judge(TableRef ref, List<PolicyInfo> selecting, List<PolicyInfo> wouldSelect,
                                  String note, boolean inInventory, Stats stats) {
        String arn = ref.arn();
        List<String> reasons = new ArrayList<>();
        Set<UUID> riskBy = new LinkedHashSet<>();
        Map<UUID, Long> openGaps = new HashMap<>();
        List<String> gapReasons = openGaps(arn, openGaps);
        ProtectionStatus status;
        if (selecting.isEmpty()) {
            Optional<String> ignoredBy = ignore.stream()
                    .filter(glob -> Glob.matches(glob, ref.name()) || Glob.matches(glob, arn)).findFirst();
            reasons.add("selected by no enabled policy");
            if (ref.name().startsWith(TableSelection.RESERVED_PREFIX)) {
                status = ProtectionStatus.IGNORED;
                reasons.add("ignored: a scratch table of this system (its name starts with "
                        + TableSelection.RESERVED_PREFIX + ", which no policy selects)");
            } else if (ignoredBy.isPresent()) {
                status = ProtectionStatus.IGNORED;
                reasons.add("ignored: matches \"" + ignoredBy.get() + "\" of gfs.operations.protection.ignore");
            } else {
                status = ProtectionStatus.UNPROTECTED;
                wouldSelect.forEach(policy -> reasons.add(policy.name() + " would select it but is disabled"));
            }
        } else {
            for (PolicyInfo policy : selecting) {
                boolean quiet = quiet(policy, arn, reasons);
                boolean failing = failing(policy, arn, reasons);
                if (quiet || failing) {
                    riskBy.add(policy.row().id());
                }
                if (failing) {
                    stats.failing(policy.row().id());
                }
                stats.selected(policy.row().id());
            }
            reasons.addAll(gapReasons);
            riskBy.addAll(openGaps.keySet());
            for (PolicyInfo policy : concerned(selecting, arn)) {
                Pause pause = facts.pauses().get(policy.row().id());
                if (pause != null) {
                    reasons.add(policy.name() + ": its deletions are paused since " + pause.pausedAt() + " ("
                            + pause.cause() + "): " + pause.reason());
                    riskBy.add(policy.row().id());
                }
            }
            status = reasons.isEmpty() ? ProtectionStatus.PROTECTED : ProtectionStatus.AT_RISK;
            if (status == ProtectionStatus.AT_RISK) {
                riskBy.forEach(stats::atRisk);
            }
        }
        openGaps.forEach(stats::openGaps);
        if (note != null) {
            reasons.add(note);
        }
        Instant next = selecting.stream().map(PolicyInfo::nextSlot).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        String pitr = inInventory ? pointInTimeRecovery.apply(arn) : null;
        return new TableProtection(ref.accountId(), ref.region(), ref.name(), arn, status, reasons,
                selecting.stream().map(PolicyInfo::ref).toList(), lastSuccess(arn), alivePoints(arn), next,
                pitr == null ? "UNKNOWN" : pitr, inInventory);
    }

    private TableProtection gone(TableRef ref, AccountRegion where, Instant readAt) {
        long alive = points.getOrDefault(ref.arn(), Map.of()).values().stream().mapToLong(Points::total).sum();
        String reason = "no longer in the inventory of " + describe(where) + " (read at " + readAt + "); "
                + (alive == 1 ? "its 1 restore point remains until it expires"
                : alive > 1 ? "its " + alive + " restore points remain until they expire"
                : "it has no alive restore point, only jobs (kept until they are pruned)");
        return new TableProtection(ref.accountId(), ref.region(), ref.name(), ref.arn(), ProtectionStatus.GONE,
                List.of(reason), List.of(), lastSuccess(ref.arn()), alivePoints(ref.arn()), null, "UNKNOWN", false);
    }

    /** No success of {@code policy} for longer than it allows; adds the reason and answers whether it did. */
    private boolean quiet(PolicyInfo policy, String arn, List<String> reasons) {
        Success success = successes.getOrDefault(arn, Map.of()).get(policy.row().id());
        Instant since;
        if (success != null) {
            since = success.at();
        } else {
            Instant seen = facts.firstSeen().get(arn);
            Instant published = policy.row().updatedAt();
            since = seen == null ? published : published == null || seen.isAfter(published) ? seen : published;
            since = since == null ? now : since;
        }
        Duration quiet = Duration.between(since, now);
        if (quiet.compareTo(policy.allowed()) <= 0) {
            return false;
        }
        String allowance = "longer than its longest gap between slots (" + Durations.describe(policy.longestGap())
                + ") plus its start window (" + Durations.describe(policy.row().policy().startWindow()) + ")";
        reasons.add(success != null
                ? policy.name() + ": no backup has completed for " + Durations.describe(quiet) + " (the last at "
                + success.at() + "), " + allowance
                : policy.name() + ": no backup has completed in the " + Durations.describe(quiet)
                + " since it selects the table (" + since + "), " + allowance);
        return true;
    }

    /** Backups of {@code policy} failed or missed since its newest success; adds the reason. */
    private boolean failing(PolicyInfo policy, String arn, List<String> reasons) {
        Failures failed = failures.getOrDefault(arn, Map.of()).get(policy.row().id());
        if (failed == null) {
            return false;
        }
        reasons.add(policy.name() + ": " + failed.count() + (failed.count() == 1 ? " backup" : " backups")
                + " failed or missed since the last success; the newest, of slot " + failed.newestSlot() + ", "
                + failed.newestState() + (failed.newestError() == null ? "" : ": " + failed.newestError()));
        return true;
    }

    /**
     * The open retention gaps of the table, as reasons; counts them per policy in {@code counted}. A gap is open
     * while a point of its period would still be kept: its period's end plus the tier's keep (by the policy's
     * latest version, in its zone) is after now. A gap of a policy that is gone, or whose latest version has no such
     * tier, is closed.
     */
    private List<String> openGaps(String arn, Map<UUID, Long> counted) {
        List<String> reasons = new ArrayList<>();
        for (Gap gap : gaps.getOrDefault(arn, List.of())) {
            PolicyInfo policy = policies.get(gap.policyId());
            if (policy == null || !policy.retention().covers(gap.tier())) {
                continue;
            }
            Instant openUntil = policy.retention().expiryOf(gap.periodEnd(), gap.tier());
            if (openUntil.isAfter(now)) {
                counted.merge(gap.policyId(), 1L, Long::sum);
                reasons.add(policy.name() + ": no " + gap.tier() + " point for " + gap.periodStart() + " to "
                        + gap.periodEnd() + " (a retention gap, open until " + openUntil + ")");
            }
        }
        return reasons;
    }

    /** The policies whose pauses concern the table: those that select it and those with alive points on it. */
    private List<PolicyInfo> concerned(List<PolicyInfo> selecting, String arn) {
        Set<PolicyInfo> concerned = new LinkedHashSet<>(selecting);
        for (UUID policyId : points.getOrDefault(arn, Map.of()).keySet()) {
            PolicyInfo policy = policies.get(policyId);
            if (policy != null) {
                concerned.add(policy);
            }
        }
        return List.copyOf(concerned);
    }

    private boolean covers(PolicyInfo policy, Listed table) {
        for (Scope scope : table.scopes()) {
            if (policy.scopes().contains(scope)) {
                return true;
            }
        }
        return policy.regions().contains(new AccountRegion(table.ref().accountId(), table.ref().region()));
    }

    private boolean hasRecords(UUID policyId, String arn) {
        return successes.getOrDefault(arn, Map.of()).containsKey(policyId)
                || failures.getOrDefault(arn, Map.of()).containsKey(policyId)
                || points.getOrDefault(arn, Map.of()).containsKey(policyId);
    }

    private LastSuccess lastSuccess(String arn) {
        Map.Entry<UUID, Success> newest = null;
        for (Map.Entry<UUID, Success> entry : successes.getOrDefault(arn, Map.of()).entrySet()) {
            if (entry.getValue().at() != null && (newest == null
                    || entry.getValue().at().isAfter(newest.getValue().at()))) {
                newest = entry;
            }
        }
        if (newest == null) {
            return null;
        }
        Instant at = newest.getValue().at();
        return new LastSuccess(at, Math.max(0, Duration.between(at, now).getSeconds()), newest.getValue().slot(),
                newest.getKey());
    }

    private Map<String, Long> alivePoints(String arn) {
        Points sum = Points.NONE;
        for (Points alive : points.getOrDefault(arn, Map.of()).values()) {
            sum = sum.plus(alive);
        }
        Map<String, Long> perTier = new LinkedHashMap<>();
        for (Tier tier : Tier.values()) {
            perTier.put(tier.name(), sum.of(tier));
        }
        perTier.put(UNFLAGGED, sum.unflagged());
        return perTier;
    }

    private static String describe(AccountRegion where) {
        return (where.accountId() == null ? "the own account" : where.accountId()) + "/" + where.region();
    }

    /** The counts per policy, collected while judging the tables. */
    private final class Stats {

        private final Map<UUID, long[]> counts = new HashMap<>();

        private long[] of(UUID policyId) {
            return counts.computeIfAbsent(policyId, id -> new long[4]);
        }

        void selected(UUID policyId) {
            of(policyId)[0]++;
        }

        void atRisk(UUID policyId) {
            of(policyId)[1]++;
        }

        void failing(UUID policyId) {
            of(policyId)[2]++;
        }

        void openGaps(UUID policyId, long gaps) {
            of(policyId)[3] += gaps;
        }

        Map<UUID, PolicyStats> perPolicy() {
            Map<UUID, Instant> newest = new HashMap<>();
            facts.lastSuccess().forEach((key, success) -> {
                if (success.at() != null) {
                    newest.merge(key.policyId(), success.at(), (a, b) -> a.isAfter(b) ? a : b);
                }
            });
            Map<UUID, Points> alive = new HashMap<>();
            facts.points().forEach((key, some) -> alive.merge(key.policyId(), some, Points::plus));
            Map<UUID, PolicyStats> stats = new LinkedHashMap<>();
            for (PolicyInfo policy : policies.values()) {
                UUID id = policy.row().id();
                long[] count = counts.getOrDefault(id, new long[4]);
                stats.put(id, new PolicyStats(policy.row(), count[0], count[1], count[2], count[3], newest.get(id),
                        policy.allowed(), facts.pauses().containsKey(id), alive.getOrDefault(id, Points.NONE)));
            }
            return stats;
        }
    }

    /** The statuses in report order, each with how many of {@code tables} have it. */
    public static Map<ProtectionStatus, Long> summary(List<TableProtection> tables) {
        Map<ProtectionStatus, Long> summary = new EnumMap<>(ProtectionStatus.class);
        for (ProtectionStatus status : ProtectionStatus.values()) {
            summary.put(status, 0L);
        }
        tables.forEach(table -> summary.merge(table.status(), 1L, Long::sum));
        return summary;
    }
}
