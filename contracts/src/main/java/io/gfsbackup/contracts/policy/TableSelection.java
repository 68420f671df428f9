package io.gfsbackup.contracts.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which tables of an account a policy backs up (section 1). A table is selected when it is in
 * {@code region}, matches at least one entry of {@code tables} (an exact name or a glob with {@code *} and
 * {@code ?}) or carries every tag in {@code tags} (with equal values), and matches no entry of
 * {@code exclude}. An empty {@code tags} map selects nothing by itself: it is not "every table".
 */
public record TableSelection(String region, List<String> tables, Map<String, String> tags, List<String> exclude) {

    public TableSelection {
        tables = tables == null ? List.of() : List.copyOf(tables);
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    /**
     * Whether a table of this policy's region with this name and these tags is selected. The caller checks the
     * region.
     */
    public boolean selects(String tableName, Map<String, String> tableTags) {
        boolean included = tables.stream().anyMatch(pattern -> Glob.matches(pattern, tableName))
                || (!tags.isEmpty() && carriesAll(tableTags == null ? Map.of() : tableTags));
        return included && exclude.stream().noneMatch(pattern -> Glob.matches(pattern, tableName));
    }

    private boolean carriesAll(Map<String, String> tableTags) {
        return tags.entrySet().stream().allMatch(tag -> tag.getValue().equals(tableTags.get(tag.getKey())));
    }
}
