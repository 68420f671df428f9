package io.gfsbackup.policy.rest;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import io.gfsbackup.contracts.policy.PolicyJson;
import io.gfsbackup.policy.service.StoredPolicy;

/**
 * A stored policy as the API shows it: the policy document (the shape {@code POST} and {@code PUT} accept)
 * beside its id, version and audit fields, so that {@code policy} can be edited and sent back as it is.
 */
public record PolicyRepresentation(UUID id, long version, @Schema(ref = "Policy") JsonNode policy,
                                   Instant createdAt, String createdBy, Instant updatedAt, String updatedBy) {

    static PolicyRepresentation of(StoredPolicy stored) {
        return new PolicyRepresentation(stored.id(), stored.version(), PolicyJson.toJson(stored.policy()),
                stored.createdAt(), stored.createdBy(), stored.updatedAt(), stored.updatedBy());
    }
}
