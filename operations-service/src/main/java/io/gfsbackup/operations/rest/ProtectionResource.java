package io.gfsbackup.operations.rest;

import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.gfsbackup.operations.protection.Evaluation;
import io.gfsbackup.operations.protection.ProtectionReport;
import io.gfsbackup.operations.protection.ProtectionRules;
import io.gfsbackup.operations.protection.ProtectionService;
import io.gfsbackup.operations.protection.ProtectionStatus;
import io.gfsbackup.operations.protection.TableProtection;

/**
 * Which tables of every account and region the policies and the configuration name are protected, and which are not
 * (docs/operations.md, "Protection report"). Instants are ISO-8601 UTC.
 */
@Path("/api/v1/protection")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Protection")
@SecurityRequirement(name = "bearer")
public class ProtectionResource {

    @Inject
    ProtectionService protection;

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.AUDITOR, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Every table with its policies, last success, alive points, next slot and status",
            description = "Tables of every account and region a policy names or the configuration adds, and the"
                    + " tables that have restore points or jobs but are no longer listed. Filters combine.")
    @APIResponse(responseCode = "200", description = "The report")
    @APIResponse(responseCode = "400", description = "A parameter is not valid; violations names it and what would"
            + " be valid")
    public ProtectionReport report(@Parameter(description = "statuses, repeated or comma-separated: PROTECTED,"
                                           + " AT_RISK, UNPROTECTED, IGNORED, GONE") @QueryParam("status")
                                   List<String> statuses,
                                   @Parameter(description = "a 12-digit AWS account id") @QueryParam("account")
                                   String account) {
        Set<ProtectionStatus> wanted = Parameters.enums("status", statuses, ProtectionStatus.class);
        String accountId = Parameters.account("account", account);
        Evaluation evaluation = protection.evaluate(true);
        List<TableProtection> tables = evaluation.tables().stream()
                .filter(table -> wanted.isEmpty() || wanted.contains(table.status()))
                .filter(table -> accountId == null || accountId.equals(table.accountId()))
                .toList();
        List<ProtectionReport.ScopeView> scopes = evaluation.scopes().stream()
                .filter(scope -> accountId == null || accountId.equals(scope.accountId())).toList();
        return new ProtectionReport(evaluation.now(), ProtectionRules.summary(tables), scopes, tables);
    }
}
