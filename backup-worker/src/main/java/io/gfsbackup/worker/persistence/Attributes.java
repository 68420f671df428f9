package io.gfsbackup.worker.persistence;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How the ledger's items hold their attributes: every value as a string (instants in ISO-8601, ids as UUIDs), counts
 * as numbers, markers as booleans; an absent attribute reads as {@code null}, {@code 0} or {@code false}.
 */
final class Attributes {

    private Attributes() {
    }

    /** Puts {@code value} as a string, unless it is {@code null}. */
    static void put(Map<String, AttributeValue> item, String name, Object value) {
        if (value != null) {
            item.put(name, s(value.toString()));
        }
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static UUID uuid(Map<String, AttributeValue> item, String name) {
        String value = str(item, name);
        return value == null ? null : UUID.fromString(value);
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = str(item, name);
        return value == null ? null : Instant.parse(value);
    }

    static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }
}
