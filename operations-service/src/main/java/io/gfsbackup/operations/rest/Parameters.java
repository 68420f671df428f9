package io.gfsbackup.operations.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.operations.jobs.JobCursor;
import io.gfsbackup.rest.InvalidParameterException;

/** Reads query and path parameters; a bad one is an {@link InvalidParameterException} naming it and what is valid. */
public final class Parameters {

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

    private Parameters() {
    }

    /** A UUID, or null when absent. */
    public static UUID uuid(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(field, "'" + value + "' is not a UUID");
        }
    }

    /** A page's cursor, as the previous page gave it, or null when absent. */
    public static JobCursor cursor(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return JobCursor.decode(value.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(field, e.getMessage());
        }
    }

    /** An ISO-8601 UTC instant, or null when absent. */
    public static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(field, "'" + value + "' is not an ISO-8601 UTC instant such as "
                    + "2026-01-05T07:00:00Z");
        }
    }

    /** Values of an enum, given repeated or comma-separated; empty when absent. */
    public static <E extends Enum<E>> Set<E> enums(String field, List<String> values, Class<E> type) {
        Set<E> result = EnumSet.noneOf(type);
        if (values == null) {
            return result;
        }
        for (String value : values) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    result.add(oneOf(field, part.trim(), type));
                }
            }
        }
        return result;
    }

    /** One value of an enum, or null when absent. */
    public static <E extends Enum<E>> E oneOf(String field, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(field, "'" + value + "' is not one of " + Arrays.stream(
                    type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    /** A DynamoDB table name (3 to 255 of A-Z a-z 0-9 _ . -) or table ARN, or null when absent. */
    public static String table(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String table = value.trim();
        if (table.startsWith("arn:")) {
            try {
                return TableRef.fromArn(table).arn();
            } catch (IllegalArgumentException e) {
                throw new InvalidParameterException(field, "'" + table + "' is not a DynamoDB table ARN such as"
                        + " arn:aws:dynamodb:us-east-1:123456789012:table/orders");
            }
        }
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new InvalidParameterException(field, "'" + table + "' is not a table name (3 to 255 characters of"
                    + " A-Z, a-z, 0-9, '_', '.' and '-') or table ARN");
        }
        return table;
    }

    /** A 12-digit AWS account id, or null when absent. */
    public static String account(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.trim().matches("\\d{12}")) {
            throw new InvalidParameterException(field, "'" + value + "' is not a 12-digit AWS account id");
        }
        return value.trim();
    }

    /** A whole number in [min, max], or {@code otherwise} when absent. */
    public static int integer(String field, String value, int min, int max, int otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidParameterException(field, "'" + value + "' is not a whole number from " + min + " to " + max);
    }
}
