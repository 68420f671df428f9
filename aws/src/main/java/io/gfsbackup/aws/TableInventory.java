package io.gfsbackup.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.AwsAccount;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.GetResourcesResponse;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.Tag;

/**
 * The DynamoDB tables of each account and region, with their tags, read in pages rather than one look-up per table:
 * {@code ListTables} (100 names a page, paced as {@link AwsOperation#LIST_TABLES}) says which tables exist, and the
 * Resource Groups Tagging API's {@code GetResources} (type {@code dynamodb:table}, 100 resources a page, paced as
 * {@link AwsOperation#GET_RESOURCES}) gives the tags of every tagged one. A refresh of a scope with N tables is
 * about N/100 calls of each, whatever the number of policies that select from it.
 *
 * <p>ListTables decides which tables exist: a table GetResources names that ListTables did not list (deleted, or
 * created between the two calls) is left out until the next refresh. A tagged table's ARN is the one GetResources
 * gives; an untagged table's is built from the scope's account id ({@link AwsAccount#accountId()}, or the services'
 * own, asked of STS once) and the region's partition.
 *
 * <p>Each scope's tables are kept with the instant they were read. {@link #snapshot} reads a scope again when its
 * tables are older than the age the caller accepts; {@link #refresh} reads it now (a background interval). Safe for
 * many threads: readers of a fresh snapshot never wait, and only one refresh of a scope runs at a time (a caller
 * that waited for another's refresh takes its result).
 */
public final class TableInventory {

    private static final Logger LOG = Logger.getLogger(TableInventory.class);

    /** The most names ListTables gives in one page. */
    static final int LIST_TABLES_PAGE = 100;
    /** The most resources GetResources gives in one page. */
    static final int RESOURCES_PAGE = 100;
    static final String TABLE_RESOURCE_TYPE = "dynamodb:table";

    /** An account ({@code null}: the services' own) and a region. */
    public record Scope(AwsAccount account, String region) {

        public Scope {
            if (region == null || region.isBlank()) {
                throw new IllegalArgumentException("region: must name an AWS region, e.g. us-east-1");
            }
        }

        public AwsScope awsScope() {
            return AwsScope.of(account, region);
        }

        @Override
        public String toString() {
            return awsScope().toString();
        }
    }

    /** A table and its tags (empty when it has none). */
    public record Table(String name, String arn, Map<String, String> tags) {

        public Table {
            tags = Map.copyOf(tags);
        }

        /** The table as messages name it. */
        public TableRef ref() {
            return TableRef.fromArn(arn);
        }
    }

    /** The tables of one scope, sorted by name, as read at {@code readAt}. */
    public record Snapshot(Scope scope, String accountId, Instant readAt, List<Table> tables) {

        public Snapshot {
            tables = List.copyOf(tables);
        }

        public Duration age(Clock clock) {
            Duration age = Duration.between(readAt, clock.instant());
            return age.isNegative() ? Duration.ZERO : age;
        }
    }

    /** One scope's latest snapshot; its monitor is held by the one refresh of the scope running. */
    private static final class Entry {
        volatile Snapshot snapshot;
    }

    private final AwsClients clients;
    private final Supplier<String> ownAccountId;
    private final Clock clock;
    private final Map<Scope, Entry> entries = new ConcurrentHashMap<>();

    /** An inventory through {@code clients}, the own account's id asked of STS when first needed. */
    public TableInventory(AwsClients clients) {
        this(clients, Optional.empty(), Clock.systemUTC());
    }

    /**
     * {@code ownAccountId}: the services' own account id when known (saves the STS call); {@code clock}: the real
     * time the ages of snapshots are measured in.
     */
    public TableInventory(AwsClients clients, Optional<String> ownAccountId, Clock clock) {
        this.clients = clients;
        this.ownAccountId = ownAccountId.filter(id -> !id.isBlank()).<Supplier<String>>map(id -> () -> id)
                .orElse(clients::ownAccountId);
        this.clock = clock;
    }

    /**
     * The tables of {@code region} in {@code account} ({@code null}: the own account), read again first when what is
     * held is older than {@code maxAge} (or nothing is held). Throws what AWS threw when a needed read fails.
     */
    public Snapshot snapshot(AwsAccount account, String region, Duration maxAge) {
        Scope scope = new Scope(account, region);
        Entry entry = entries.computeIfAbsent(scope, s -> new Entry());
        Snapshot held = entry.snapshot;
        if (held != null && !isOlder(held, maxAge)) {
            return held;
        }
        synchronized (entry) {
            held = entry.snapshot;
            if (held != null && !isOlder(held, maxAge)) {
                return held; // another caller refreshed it meanwhile
            }
            return read(scope, entry);
        }
    }

    /**
     * Reads the tables of the scope now; if another refresh of it was running, waits for it and reads again only if
     * that one started before this call.
     */
    public Snapshot refresh(AwsAccount account, String region) {
        Scope scope = new Scope(account, region);
        Entry entry = entries.computeIfAbsent(scope, s -> new Entry());
        Instant asked = clock.instant();
        synchronized (entry) {
            Snapshot held = entry.snapshot;
            if (held != null && held.readAt().isAfter(asked)) {
                return held;
            }
            return read(scope, entry);
        }
    }

    /** The snapshot held for the scope, however old, without reading. */
    public Optional<Snapshot> held(AwsAccount account, String region) {
        Entry entry = entries.get(new Scope(account, region));
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.snapshot);
    }

    /** The scopes held (asked for and not dropped). */
    public Set<Scope> scopes() {
        return Set.copyOf(entries.keySet());
    }

    /** Drops every scope not in {@code keep} (no policy selects from it any more). */
    public void retain(Collection<Scope> keep) {
        entries.keySet().retainAll(Set.copyOf(keep));
    }

    /** How many tables the held snapshots list, in all scopes. */
    public int size() {
        int size = 0;
        for (Entry entry : entries.values()) {
            Snapshot snapshot = entry.snapshot;
            size += snapshot == null ? 0 : snapshot.tables().size();
        }
        return size;
    }

    /** The age of the oldest held snapshot (zero when none is held). */
    public Duration oldest() {
        Duration oldest = Duration.ZERO;
        for (Entry entry : entries.values()) {
            Snapshot snapshot = entry.snapshot;
            if (snapshot != null && snapshot.age(clock).compareTo(oldest) > 0) {
                oldest = snapshot.age(clock);
            }
        }
        return oldest;
    }

    private boolean isOlder(Snapshot snapshot, Duration maxAge) {
        return snapshot.age(clock).compareTo(maxAge) > 0;
    }

    private Snapshot read(Scope scope, Entry entry) {
        Instant readAt = clock.instant();
        long started = System.nanoTime();
        List<String> names = tableNames(scope);
        names.sort(null); // DynamoDB lists by name; moto in the order of creation
        Map<String, ResourceTagMapping> tagged = taggedTables(scope);
        String accountId = scope.account() == null ? null : scope.account().accountId();
        String prefix = null;
        List<Table> tables = new ArrayList<>(names.size());
        for (String name : names) {
            ResourceTagMapping mapping = tagged.get(name);
            if (mapping != null) {
                tables.add(new Table(name, mapping.resourceARN(), tagsOf(mapping)));
                continue;
            }
            if (prefix == null) {
                accountId = accountId == null ? ownAccountId.get() : accountId;
                prefix = "arn:" + partition(scope.region()) + ":dynamodb:" + scope.region() + ":" + accountId
                        + ":table/";
            }
            tables.add(new Table(name, prefix + name, Map.of()));
        }
        if (accountId == null && !tables.isEmpty()) {
            accountId = tables.get(0).ref().accountId(); // the own account, all tables tagged: no STS call
        }
        Snapshot snapshot = new Snapshot(scope, accountId, readAt, tables);
        entry.snapshot = snapshot;
        LOG.debugf("inventory of %s: %d table(s), %d tagged, read in %d ms", scope, tables.size(), tagged.size(),
                (System.nanoTime() - started) / 1_000_000);
        return snapshot;
    }

    /** Every table name of the scope, ListTables page by page. */
    private List<String> tableNames(Scope scope) {
        DynamoDbClient dynamoDb = clients.dynamoDb(scope.account(), scope.region());
        List<String> names = new ArrayList<>();
        String after = null;
        do {
            String start = after;
            ListTablesResponse page = clients.limits().call(AwsOperation.LIST_TABLES, scope.awsScope(),
                    () -> dynamoDb.listTables(request -> request.exclusiveStartTableName(start)
                            .limit(LIST_TABLES_PAGE)));
            names.addAll(page.tableNames());
            after = page.lastEvaluatedTableName();
        } while (after != null);
        return names;
    }

    /** The tagged tables of the scope by name, GetResources page by page. */
    private Map<String, ResourceTagMapping> taggedTables(Scope scope) {
        ResourceGroupsTaggingApiClient tagging = clients.tagging(scope.account(), scope.region());
        Map<String, ResourceTagMapping> byName = new HashMap<>();
        String token = null;
        do {
            String next = token;
            // ResourcesPerPage only: AWS refuses it together with TagsPerPage. moto applies a default TagsPerPage of
            // 100 as well, so its pages hold fewer tables when tables carry several tags.
            GetResourcesResponse page = clients.limits().call(AwsOperation.GET_RESOURCES, scope.awsScope(),
                    () -> tagging.getResources(request -> request.resourceTypeFilters(TABLE_RESOURCE_TYPE)
                            .resourcesPerPage(RESOURCES_PAGE).paginationToken(next)));
            for (ResourceTagMapping mapping : page.resourceTagMappingList()) {
                String arn = mapping.resourceARN();
                int slash = arn.indexOf(":table/");
                if (slash >= 0 && arn.indexOf('/', slash + 7) < 0) {
                    byName.put(arn.substring(slash + 7), mapping);
                }
            }
            token = page.paginationToken();
        } while (token != null && !token.isEmpty());
        return byName;
    }

    private static Map<String, String> tagsOf(ResourceTagMapping mapping) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag tag : mapping.tags()) {
            tags.put(tag.key(), tag.value());
        }
        return tags;
    }

    /** The partition of a region: {@code aws-cn}, {@code aws-us-gov}, {@code aws-iso}, {@code aws-iso-b}, or {@code aws}. */
    static String partition(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        if (region.startsWith("us-isob-")) {
            return "aws-iso-b";
        }
        return region.startsWith("us-iso-") ? "aws-iso" : "aws";
    }
}
