package io.gfsbackup.policy.rest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.gfsbackup.contracts.Json;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.PolicyJson;
import io.gfsbackup.contracts.policy.Validated;
import io.gfsbackup.contracts.policy.Violation;

/**
 * A simulation request, {@code {"policy": {...}, "from": "...", "to": "..."}}, read and checked: every problem
 * is a violation with its field. A policy that fails validation gets exactly the violations that creating it
 * would get.
 */
record SimulationRequest(BackupPolicy policy, Instant from, Instant to, Sizing sizing) {

    /** The longest range one simulation covers. */
    static final int MAX_YEARS = 10;
    /** The largest table size an estimate takes, in GB (a petabyte). */
    static final double MAX_TABLE_SIZE_GB = 1_000_000;
    static final String TABLE_SIZE_HINT = "use the table's size in GB, more than 0 and at most " + (long) MAX_TABLE_SIZE_GB
            + ", e.g. 12.5";
    private static final Set<String> FIELDS = Set.of("policy", "from", "to", "tableSizeGb", "pointInTimeRecovery");

    /** For a storage estimate: the table's size and whether it has point-in-time recovery. */
    record Sizing(double tableSizeGb, boolean pointInTimeRecovery) {
    }

    static SimulationRequest parse(String body) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw InvalidRequestException.of("", "the body is not valid JSON: " + e.getOriginalMessage()
                    + "; send {\"policy\": {...}, \"from\": \"2026-01-05T00:00:00Z\", \"to\": \"2026-08-01T00:00:00Z\"}");
        }
        if (root == null || !root.isObject()) {
            throw InvalidRequestException.of("", "the body must be a JSON object with policy, from and to");
        }
        List<Violation> violations = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                violations.add(new Violation(name, "is not a field of a simulation request; the fields are policy, from, to, "
                        + "tableSizeGb, pointInTimeRecovery"));
            }
        }
        BackupPolicy policy = null;
        JsonNode policyNode = root.get("policy");
        if (policyNode == null || policyNode.isNull()) {
            violations.add(new Violation("policy", "is required: the policy to simulate, as for creating one"));
        } else {
            Validated<BackupPolicy> read = PolicyJson.read(policyNode);
            if (read.isValid()) {
                policy = read.value();
            } else {
                violations.addAll(read.violations());
            }
        }
        Instant from = instant(root, "from", violations);
        Instant to = instant(root, "to", violations);
        checkRange(from, to, violations);
        Sizing sizing = sizing(root.get("tableSizeGb"), root.get("pointInTimeRecovery"), violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return new SimulationRequest(policy, from, to, sizing);
    }

    /** The sizing of the stored-policy simulation's query parameters; {@code null} without a table size. */
    static Sizing sizing(String tableSizeGb, String pointInTimeRecovery) {
        List<Violation> violations = new ArrayList<>();
        Sizing sizing = null;
        if (tableSizeGb != null && !tableSizeGb.isEmpty()) {
            try {
                sizing = sizing(Double.parseDouble(tableSizeGb), violations);
            } catch (NumberFormatException e) {
                violations.add(new Violation("tableSizeGb", "\"" + tableSizeGb + "\" is not a number; " + TABLE_SIZE_HINT));
            }
        }
        boolean recovery = false;
        if (pointInTimeRecovery != null && !pointInTimeRecovery.isEmpty()) {
            if (!pointInTimeRecovery.equals("true") && !pointInTimeRecovery.equals("false")) {
                violations.add(new Violation("pointInTimeRecovery", "\"" + pointInTimeRecovery
                        + "\" is not a boolean; use true or false"));
            } else if (sizing == null && violations.isEmpty()) {
                violations.add(new Violation("pointInTimeRecovery", "is only for a storage estimate; give tableSizeGb too"));
            }
            recovery = Boolean.parseBoolean(pointInTimeRecovery);
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return sizing == null ? null : new Sizing(sizing.tableSizeGb(), recovery);
    }

    private static Sizing sizing(JsonNode size, JsonNode recovery, List<Violation> violations) {
        boolean pointInTimeRecovery = false;
        if (recovery != null && !recovery.isNull()) {
            if (!recovery.isBoolean()) {
                violations.add(new Violation("pointInTimeRecovery", recovery + " is not a boolean; use true or false"));
            } else if (size == null || size.isNull()) {
                violations.add(new Violation("pointInTimeRecovery", "is only for a storage estimate; give tableSizeGb too"));
            } else {
                pointInTimeRecovery = recovery.booleanValue();
            }
        }
        if (size == null || size.isNull()) {
            return null;
        }
        if (!size.isNumber()) {
            violations.add(new Violation("tableSizeGb", size + " is not a number; " + TABLE_SIZE_HINT));
            return null;
        }
        Sizing sizing = sizing(size.doubleValue(), violations);
        return sizing == null ? null : new Sizing(sizing.tableSizeGb(), pointInTimeRecovery);
    }

    private static Sizing sizing(double tableSizeGb, List<Violation> violations) {
        if (!(tableSizeGb > 0) || tableSizeGb > MAX_TABLE_SIZE_GB) {
            violations.add(new Violation("tableSizeGb", tableSizeGb + " is out of range; " + TABLE_SIZE_HINT));
            return null;
        }
        return new Sizing(tableSizeGb, false);
    }

    /** Checks a range given as query parameters (the stored-policy simulation). */
    static void checkRange(Instant from, Instant to) {
        List<Violation> violations = new ArrayList<>();
        checkRange(from, to, violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
    }

    static Instant parseInstant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.of(field, "\"" + value + "\" is not an ISO-8601 instant in UTC, e.g. 2026-01-05T00:00:00Z");
        }
    }

    private static Instant instant(JsonNode root, String field, List<Violation> violations) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            violations.add(new Violation(field, "is required: an ISO-8601 instant in UTC, e.g. 2026-01-05T00:00:00Z"));
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, node + " is not an ISO-8601 instant in UTC, e.g. 2026-01-05T00:00:00Z"));
            return null;
        }
    }

    private static void checkRange(Instant from, Instant to, List<Violation> violations) {
        if (from == null || to == null) {
            return;
        }
        if (!to.isAfter(from)) {
            violations.add(new Violation("to", to + " is not after from " + from + "; the range is [from, to)"));
        } else if (to.isAfter(from.atOffset(ZoneOffset.UTC).plusYears(MAX_YEARS).toInstant())) {
            violations.add(new Violation("to", to + " is more than " + MAX_YEARS + " years after from " + from
                    + "; simulate at most " + MAX_YEARS + " years at a time"));
        }
    }
}
