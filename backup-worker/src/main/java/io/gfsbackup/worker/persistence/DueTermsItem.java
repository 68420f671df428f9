package io.gfsbackup.worker.persistence;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.gfsbackup.contracts.Json;
import io.gfsbackup.contracts.policy.Archive;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.RetentionSettings;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link DueTerms} as a ledger attribute (a map): {@code policyVersion} (N), {@code flags} (S, e.g. {@code "D,W"}),
 * {@code zone} (S), {@code keep} (M, tier to ISO period), {@code keepAtLeast} (N) and, for a table of another
 * account, {@code account} (M: {@code accountId}, {@code roleArn}, {@code externalId} if any). No {@code account}
 * means the services' own account (so do entries written before accounts were kept). A policy version with an
 * archive tier adds {@code archive} (S, its settings as JSON); entries without it have none. {@code windowEnd} (S,
 * an instant) and {@code carry} (M, tier to instant) are the due's start window end and carry deadlines; entries
 * written before they were kept have neither.
 */
final class DueTermsItem {

    private DueTermsItem() {
    }

    static Map<String, AttributeValue> toMap(DueTerms terms) {
        Map<String, AttributeValue> keep = new HashMap<>();
        terms.retention().keep().forEach((tier, period) -> keep.put(tier.name(), AttributeValue.fromS(period.toString())));
        Map<String, AttributeValue> map = new HashMap<>(Map.of(
                "policyVersion", AttributeValue.fromN(Long.toString(terms.policyVersion())),
                "flags", AttributeValue.fromS(terms.flags().stream().map(Tier::name).collect(Collectors.joining(","))),
                "zone", AttributeValue.fromS(terms.retention().zone().getId()),
                "keep", AttributeValue.fromM(keep),
                "keepAtLeast", AttributeValue.fromN(Integer.toString(terms.retention().keepAtLeast()))));
        if (terms.account() != null) {
            map.put("account", AttributeValue.fromM(accountToMap(terms.account())));
        }
        if (terms.startWindowEnd() != null) {
            map.put("windowEnd", AttributeValue.fromS(terms.startWindowEnd().toString()));
        }
        if (!terms.carryDeadlines().isEmpty()) {
            Map<String, AttributeValue> carry = new HashMap<>();
            terms.carryDeadlines().forEach((tier, at) -> carry.put(tier.name(), AttributeValue.fromS(at.toString())));
            map.put("carry", AttributeValue.fromM(carry));
        }
        if (terms.retention().archive() != null) {
            try {
                map.put("archive", AttributeValue.fromS(Json.mapper().writeValueAsString(terms.retention().archive())));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("could not write archive settings", e);
            }
        }
        return map;
    }

    private static Map<String, AttributeValue> accountToMap(AwsAccount account) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("accountId", AttributeValue.fromS(account.accountId()));
        map.put("roleArn", AttributeValue.fromS(account.roleArn()));
        if (account.externalId() != null) {
            map.put("externalId", AttributeValue.fromS(account.externalId()));
        }
        return map;
    }

    private static AwsAccount accountFromMap(AttributeValue value) {
        if (value == null || !value.hasM()) {
            return null;
        }
        Map<String, AttributeValue> map = value.m();
        AttributeValue externalId = map.get("externalId");
        return new AwsAccount(map.get("accountId").s(), map.get("roleArn").s(),
                externalId == null ? null : externalId.s());
    }

    private static Archive archiveFromMap(AttributeValue value) {
        if (value == null || value.s() == null) {
            return null;
        }
        try {
            return Json.mapper().readValue(value.s(), Archive.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable archive settings in the ledger: " + value.s(), e);
        }
    }

    static DueTerms fromMap(Map<String, AttributeValue> map) {
        EnumMap<Tier, Period> keep = new EnumMap<>(Tier.class);
        map.get("keep").m().forEach((tier, period) -> keep.put(Tier.valueOf(tier), Period.parse(period.s())));
        String flags = map.get("flags").s();
        Set<Tier> tiers = flags.isEmpty() ? Set.of()
                : Arrays.stream(flags.split(",")).map(Tier::valueOf).collect(Collectors.toSet());
        EnumMap<Tier, Instant> carry = new EnumMap<>(Tier.class);
        AttributeValue carried = map.get("carry");
        if (carried != null && carried.hasM()) {
            carried.m().forEach((tier, at) -> carry.put(Tier.valueOf(tier), Instant.parse(at.s())));
        }
        AttributeValue windowEnd = map.get("windowEnd");
        return new DueTerms(Long.parseLong(map.get("policyVersion").n()), tiers,
                new RetentionSettings(ZoneId.of(map.get("zone").s()), keep,
                        Integer.parseInt(map.get("keepAtLeast").n()), archiveFromMap(map.get("archive"))),
                accountFromMap(map.get("account")), windowEnd == null ? null : Instant.parse(windowEnd.s()), carry);
    }
}
