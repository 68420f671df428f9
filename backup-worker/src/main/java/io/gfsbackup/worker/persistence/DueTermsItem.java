package io.gfsbackup.worker.persistence;

import java.time.Period;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.RetentionSettings;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link DueTerms} as a ledger attribute (a map): {@code policyVersion} (N), {@code flags} (S, e.g. {@code "D,W"}),
 * {@code zone} (S), {@code keep} (M, tier to ISO period), {@code keepAtLeast} (N) and, for a table of another
 * account, {@code account} (M: {@code accountId}, {@code roleArn}, {@code externalId} if any). No {@code account}
 * means the services' own account (so do entries written before accounts were kept).
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

    static DueTerms fromMap(Map<String, AttributeValue> map) {
        EnumMap<Tier, Period> keep = new EnumMap<>(Tier.class);
        map.get("keep").m().forEach((tier, period) -> keep.put(Tier.valueOf(tier), Period.parse(period.s())));
        String flags = map.get("flags").s();
        Set<Tier> tiers = flags.isEmpty() ? Set.of()
                : Arrays.stream(flags.split(",")).map(Tier::valueOf).collect(Collectors.toSet());
        return new DueTerms(Long.parseLong(map.get("policyVersion").n()), tiers,
                new RetentionSettings(ZoneId.of(map.get("zone").s()), keep,
                        Integer.parseInt(map.get("keepAtLeast").n())),
                accountFromMap(map.get("account")));
    }
}
