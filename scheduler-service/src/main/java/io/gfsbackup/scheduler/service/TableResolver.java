package io.gfsbackup.scheduler.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.TableSelection;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * The tables a policy selects right now (retention-semantics, section 1): every table of the policy's region
 * (ListTables, all pages) that {@link TableSelection#selects} accepts. Tags are fetched (ListTagsOfResource, all
 * pages) only for a table that the names alone do not decide: not excluded, not matched by name, and the policy
 * selects by tag.
 *
 * <p>Table ARNs are {@code arn:<partition>:dynamodb:<region>:<account>:table/<name>}. The account is the configured
 * {@code gfs.scheduler.account-id}, or else read once per region from the ARN that DescribeTable returns for the
 * first table listed, and kept: every table one set of credentials lists belongs to one account.
 */
public final class TableResolver {

    private final Function<String, DynamoDbClient> clients;
    private final Optional<String> accountId;
    private final Map<String, String> arnPrefixes = new ConcurrentHashMap<>();

    public TableResolver(Function<String, DynamoDbClient> clients, Optional<String> accountId) {
        this.clients = clients;
        this.accountId = accountId.filter(id -> !id.isBlank());
    }

    /** The selected tables, in the order ListTables gives them (by name). */
    public List<TableRef> resolve(TableSelection selection) {
        List<TableRef> selected = new ArrayList<>();
        for (String region : selection.regions()) {
            resolve(selection, region, selected);
        }
        return selected;
    }

    private void resolve(TableSelection selection, String region, List<TableRef> selected) {
        DynamoDbClient dynamo = clients.apply(region);
        for (String name : dynamo.listTablesPaginator().tableNames()) {
            boolean byName = selection.selects(name, Map.of());
            boolean needsTags = selection.needsTags(name);
            if (!byName && !needsTags) {
                continue;
            }
            String arn = arnPrefix(dynamo, region, name) + name;
            if (byName) {
                selected.add(new TableRef(region, accountOf(arn), name, arn));
            } else {
                tagsOf(dynamo, arn).filter(tags -> selection.selects(name, tags))
                        .ifPresent(tags -> selected.add(new TableRef(region, accountOf(arn), name, arn)));
            }
        }
    }

    private String arnPrefix(DynamoDbClient dynamo, String region, String someTable) {
        return arnPrefixes.computeIfAbsent(region, r -> accountId
                .map(account -> "arn:" + partitionOf(r) + ":dynamodb:" + r + ":" + account + ":table/")
                .orElseGet(() -> {
                    String arn = dynamo.describeTable(b -> b.tableName(someTable)).table().tableArn();
                    return arn.substring(0, arn.length() - someTable.length());
                }));
    }

    private static String accountOf(String arn) {
        return TableRef.fromArn(arn).accountId();
    }

    private static String partitionOf(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    /** The table's tags; empty if the table was deleted while listing. */
    private static Optional<Map<String, String>> tagsOf(DynamoDbClient dynamo, String arn) {
        Map<String, String> tags = new HashMap<>();
        String next = null;
        try {
            do {
                ListTagsOfResourceResponse page = dynamo.listTagsOfResource(
                        ListTagsOfResourceRequest.builder().resourceArn(arn).nextToken(next).build());
                for (Tag tag : page.tags()) {
                    tags.put(tag.key(), tag.value());
                }
                next = page.nextToken();
            } while (next != null);
        } catch (ResourceNotFoundException gone) {
            return Optional.empty();
        }
        return Optional.of(tags);
    }
}
