package io.gfsbackup.contracts.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which tables a policy backs up (section 1). A table is selected when it is in one of {@code regions} of one of
 * {@code accounts} (no accounts: the services' own account), matches at least one entry of {@code tables} (an exact
 * name or a glob with {@code *} and {@code ?}) or carries every tag in {@code tags} (with equal values), matches no
 * entry of {@code exclude}, and its name does not start with {@link #RESERVED_PREFIX}. An empty {@code tags} map
 * selects nothing by itself: it is not "every table".
 */
public record TableSelection(List<String> regions, List<AwsAccount> accounts, List<String> tables,
                             Map<String, String> tags, List<String> exclude) {

    /**
     * Tables whose names start with this are the product's own scratch tables (restore tests, archive checks):
     * never selected, whatever the globs say.
     */
    public static final String RESERVED_PREFIX = "gfs-scratch-";

    public TableSelection {
        regions = regions == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(regions));
        accounts = accounts == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(accounts));
        tables = tables == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(tables));
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        exclude = exclude == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(exclude));
    }

    /** One region of the services' own account (the shape before accounts and regions). */
    public TableSelection(String region, List<String> tables, Map<String, String> tags, List<String> exclude) {
        this(region == null ? null : List.of(region), List.of(), tables, tags, exclude);
    }

    /**
     * The accounts the selection reaches, each in every region: the listed accounts, or the services' own account
     * (an empty {@link Optional}) when none is listed.
     */
    public List<Optional<AwsAccount>> accountsOrOwn() {
        return accounts.isEmpty() ? List.of(Optional.empty()) : accounts.stream().map(Optional::of).toList();
    }

    /**
     * Whether a table with this name and these tags, in one of the selection's accounts and regions, is selected.
     * The caller checks the account and region.
     */
    public boolean selects(String tableName, Map<String, String> tableTags) {
        return explain(tableName, tableTags).selected();
    }

    /** Whether a table is selected, and the rule that decides it (for the selection preview). */
    public Reason explain(String tableName, Map<String, String> tableTags) {
        if (tableName.startsWith(RESERVED_PREFIX)) {
            return new Reason(false, "reserved", "the name starts with the reserved prefix " + RESERVED_PREFIX);
        }
        Optional<String> excludedBy = exclude.stream().filter(pattern -> Glob.matches(pattern, tableName)).findFirst();
        if (excludedBy.isPresent()) {
            return new Reason(false, "exclude", "excluded by \"" + excludedBy.get() + "\"");
        }
        Optional<String> byName = tables.stream().filter(pattern -> Glob.matches(pattern, tableName)).findFirst();
        if (byName.isPresent()) {
            return byName.get().equals(tableName)
                    ? new Reason(true, "name", "named in tables")
                    : new Reason(true, "glob", "matches \"" + byName.get() + "\"");
        }
        if (!tags.isEmpty() && carriesAll(tableTags == null ? Map.of() : tableTags)) {
            return new Reason(true, "tag", "carries " + tags);
        }
        return new Reason(false, "no-match", tags.isEmpty() ? "no name or glob of tables matches"
                : "no name or glob of tables matches and it does not carry " + tags);
    }

    /**
     * Whether the names alone cannot decide: the table is not selected by name, and would be by its tags (it is
     * neither excluded nor reserved, and the selection has tags). Only such a table needs its tags looked up.
     */
    public boolean needsTags(String tableName) {
        return !tags.isEmpty() && !selects(tableName, Map.of()) && selects(tableName, tags);
    }

    private boolean carriesAll(Map<String, String> tableTags) {
        return tags.entrySet().stream().allMatch(tag -> tag.getValue().equals(tableTags.get(tag.getKey())));
    }

    /**
     * Why a table is in or out: {@code rule} is one of {@code name}, {@code glob}, {@code tag} (in) or
     * {@code exclude}, {@code reserved}, {@code no-match} (out); {@code detail} says it in words.
     */
    public record Reason(boolean selected, String rule, String detail) {
    }
}
