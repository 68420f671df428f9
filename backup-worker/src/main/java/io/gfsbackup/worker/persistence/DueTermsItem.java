package io.gfsbackup.worker.persistence;

import java.time.Period;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.RetentionSettings;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link DueTerms} as a ledger attribute (a map): {@code policyVersion} (N), {@code flags} (S, e.g. {@code "D,W"}),
 * {@code zone} (S), {@code keep} (M, tier to ISO period) and {@code keepAtLeast} (N).
 */
final class DueTermsItem {

    private DueTermsItem() {
    }

    static Map<String, AttributeValue> toMap(DueTerms terms) {
        Map<String, AttributeValue> keep = new HashMap<>();
        terms.retention().keep().forEach((tier, period) -> keep.put(tier.name(), AttributeValue.fromS(period.toString())));
        return Map.of(
                "policyVersion", AttributeValue.fromN(Long.toString(terms.policyVersion())),
                "flags", AttributeValue.fromS(terms.flags().stream().map(Tier::name).collect(Collectors.joining(","))),
                "zone", AttributeValue.fromS(terms.retention().zone().getId()),
                "keep", AttributeValue.fromM(keep),
                "keepAtLeast", AttributeValue.fromN(Integer.toString(terms.retention().keepAtLeast())));
    }

    static DueTerms fromMap(Map<String, AttributeValue> map) {
        EnumMap<Tier, Period> keep = new EnumMap<>(Tier.class);
        map.get("keep").m().forEach((tier, period) -> keep.put(Tier.valueOf(tier), Period.parse(period.s())));
        String flags = map.get("flags").s();
        Set<Tier> tiers = flags.isEmpty() ? Set.of()
                : Arrays.stream(flags.split(",")).map(Tier::valueOf).collect(Collectors.toSet());
        return new DueTerms(Long.parseLong(map.get("policyVersion").n()), tiers,
                new RetentionSettings(ZoneId.of(map.get("zone").s()), keep,
                        Integer.parseInt(map.get("keepAtLeast").n())));
    }
}
