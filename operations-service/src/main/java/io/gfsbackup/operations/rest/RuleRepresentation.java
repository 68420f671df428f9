package io.gfsbackup.operations.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import io.gfsbackup.operations.notify.NotificationRule;
import io.gfsbackup.operations.notify.RuleJson;

/**
 * A stored notification rule as the API shows it: the rule (the shape {@code POST} and {@code PUT} accept, with every
 * secret masked) beside its id, version and audit fields, so that {@code rule} can be edited and sent back as it is:
 * a mask sent back keeps the stored secret.
 */
public record RuleRepresentation(UUID id, long version,
                                 @Schema(type = SchemaType.OBJECT, description = "The rule: name, enabled, events,"
                                         + " policies, channel (secrets masked), digest") JsonNode rule,
                                 Instant createdAt, String createdBy, Instant updatedAt, String updatedBy) {

    static RuleRepresentation of(NotificationRule rule) {
        return new RuleRepresentation(rule.id(), rule.version(), RuleJson.masked(rule), rule.createdAt(),
                rule.createdBy(), rule.updatedAt(), rule.updatedBy());
    }

    /** Every rule, by name. */
    public record Listing(List<RuleRepresentation> rules) {
    }
}
