package io.gfsbackup.policy.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import io.gfsbackup.contracts.policy.PolicyJson;
import io.gfsbackup.policy.service.PolicyVersion;

/** One version in a policy's history: what changed, who changed it and when, and the policy as it then was. */
public record PolicyVersionRepresentation(long version,
                                          @Schema(enumeration = {"CREATED", "REPLACED", "ENABLED", "DISABLED",
                                                  "DELETED"}) String change,
                                          String changedBy, Instant changedAt,
                                          @Schema(ref = "Policy") JsonNode policy) {

    static PolicyVersionRepresentation of(PolicyVersion version) {
        return new PolicyVersionRepresentation(version.version(), version.change().name(), version.changedBy(),
                version.changedAt(), PolicyJson.toJson(version.policy()));
    }
}
