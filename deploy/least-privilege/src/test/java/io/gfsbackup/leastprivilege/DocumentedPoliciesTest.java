package io.gfsbackup.leastprivilege;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.gfsbackup.deploy.testing.IamEnforcedAws;
import io.gfsbackup.deploy.testing.IamPolicy;

/**
 * The policies of docs/iam as written: each parses, allows exactly the actions the services' code calls (the calls
 * {@link LeastPrivilegeTest} makes) and on exactly the resources docs/iam/README.md explains. moto does not check
 * resources or conditions, so this is what holds them: a change to a policy's scoping fails here and is reviewed.
 */
class DocumentedPoliciesTest {

    private static final Path DOCS = IamEnforcedAws.docsIam();
    private static final String OWN_TABLES = "arn:aws:dynamodb:*:<SERVICE_ACCOUNT_ID>:table/*";
    private static final String OWN_BACKUPS = "arn:aws:dynamodb:*:<SERVICE_ACCOUNT_ID>:table/*/backup/*";
    /** The restore tests' scratch tables, the only tables the worker may delete. */
    private static final String OWN_SCRATCH_TABLES = "arn:aws:dynamodb:*:<SERVICE_ACCOUNT_ID>:table/gfs-scratch-*";
    private static final String TARGET_TABLES = "arn:aws:dynamodb:*:<TARGET_ACCOUNT_ID>:table/*";
    private static final String TARGET_BACKUPS = "arn:aws:dynamodb:*:<TARGET_ACCOUNT_ID>:table/*/backup/*";
    private static final String LEDGER = "arn:aws:dynamodb:<HOME_REGION>:<SERVICE_ACCOUNT_ID>:table/gfs-backup-ledger";
    private static final String HOLDS = "arn:aws:dynamodb:<HOME_REGION>:<SERVICE_ACCOUNT_ID>:table/gfs-backup-holds";
    private static final String ROLE = "arn:aws:iam::<TARGET_ACCOUNT_ID>:role/gfs-backup";
    private static final String ARCHIVE_BUCKET = "arn:aws:s3:::<ARCHIVE_BUCKET>";
    private static final String OWN_IMPORT_LOGS = "arn:aws:logs:*:<SERVICE_ACCOUNT_ID>:log-group:/aws-dynamodb/*";
    private static final String TARGET_IMPORT_LOGS = "arn:aws:logs:*:<TARGET_ACCOUNT_ID>:log-group:/aws-dynamodb/*";
    private static final String ARCHIVE_OBJECTS = "arn:aws:s3:::<ARCHIVE_BUCKET>/*";
    private static final String TOPICS = "arn:aws:sns:*:<SERVICE_ACCOUNT_ID>:gfs-backup-*";

    /** Per policy: every action and the resources it is allowed on. {@code *}: the action has no resource type. */
    private static final Map<String, Map<String, Set<String>>> EXPECTED = Map.of(
            "scheduler-service", inventory(),
            "policy-service", inventory(),
            "backup-worker", ordered(
                    "dynamodb:CreateBackup", Set.of(OWN_TABLES),
                    "dynamodb:DescribeBackup", Set.of(OWN_BACKUPS),
                    "dynamodb:DeleteBackup", Set.of(OWN_BACKUPS),
                    "dynamodb:ListBackups", Set.of("*"),
                    "dynamodb:RestoreTableFromBackup", Set.of(OWN_BACKUPS),
                    "dynamodb:DescribeTable", Set.of(LEDGER, HOLDS, OWN_TABLES),
                    "dynamodb:GetItem", Set.of(LEDGER, HOLDS, OWN_TABLES),
                    "dynamodb:PutItem", Set.of(LEDGER, OWN_TABLES),
                    "dynamodb:UpdateItem", Set.of(LEDGER, OWN_TABLES),
                    "dynamodb:DeleteItem", Set.of(OWN_TABLES),
                    "dynamodb:Query", Set.of(OWN_TABLES),
                    "dynamodb:Scan", Set.of(OWN_TABLES),
                    "dynamodb:BatchWriteItem", Set.of(OWN_TABLES),
                    "dynamodb:ListTagsOfResource", Set.of(OWN_TABLES),
                    "dynamodb:TagResource", Set.of(OWN_TABLES),
                    "dynamodb:DescribeTimeToLive", Set.of(OWN_TABLES),
                    "dynamodb:UpdateTimeToLive", Set.of(OWN_TABLES),
                    "dynamodb:DescribeContinuousBackups", Set.of(OWN_TABLES),
                    "dynamodb:UpdateContinuousBackups", Set.of(OWN_TABLES),
                    "dynamodb:UpdateTable", Set.of(OWN_TABLES),
                    "dynamodb:DeleteTable", Set.of(OWN_SCRATCH_TABLES),
                    "dynamodb:ExportTableToPointInTime", Set.of(OWN_SCRATCH_TABLES),
                    "dynamodb:DescribeExport", Set.of(OWN_SCRATCH_TABLES + "/export/*"),
                    "s3:PutObject", Set.of(ARCHIVE_OBJECTS),
                    "s3:GetObject", Set.of(ARCHIVE_OBJECTS),
                    "s3:DeleteObject", Set.of(ARCHIVE_OBJECTS),
                    "s3:AbortMultipartUpload", Set.of(ARCHIVE_OBJECTS),
                    "s3:ListBucket", Set.of(ARCHIVE_BUCKET),
                    "s3:ListBucketVersions", Set.of(ARCHIVE_BUCKET),
                    "s3:GetBucketVersioning", Set.of(ARCHIVE_BUCKET),
                    "s3:GetBucketObjectLockConfiguration", Set.of(ARCHIVE_BUCKET),
                    "s3:DeleteObjectVersion", Set.of(ARCHIVE_OBJECTS),
                    "s3:PutObjectRetention", Set.of(ARCHIVE_OBJECTS),
                    "s3:PutObjectLegalHold", Set.of(ARCHIVE_OBJECTS),
                    "dynamodb:ImportTable", Set.of(OWN_TABLES),
                    "dynamodb:DescribeImport", Set.of(OWN_TABLES + "/import/*"),
                    "logs:CreateLogGroup", Set.of(OWN_IMPORT_LOGS),
                    "logs:CreateLogStream", Set.of(OWN_IMPORT_LOGS),
                    "logs:DescribeLogStreams", Set.of(OWN_IMPORT_LOGS),
                    "logs:PutLogEvents", Set.of(OWN_IMPORT_LOGS),
                    "s3:RestoreObject", Set.of(ARCHIVE_OBJECTS),
                    "sts:AssumeRole", Set.of(ROLE)),
            "archive-role-permissions", ordered(
                    "s3:PutObject", Set.of(ARCHIVE_OBJECTS),
                    "s3:GetObject", Set.of(ARCHIVE_OBJECTS),
                    "s3:DeleteObject", Set.of(ARCHIVE_OBJECTS),
                    "s3:AbortMultipartUpload", Set.of(ARCHIVE_OBJECTS),
                    "s3:ListBucket", Set.of(ARCHIVE_BUCKET),
                    "s3:ListBucketVersions", Set.of(ARCHIVE_BUCKET),
                    "s3:GetBucketVersioning", Set.of(ARCHIVE_BUCKET),
                    "s3:GetBucketObjectLockConfiguration", Set.of(ARCHIVE_BUCKET),
                    "s3:DeleteObjectVersion", Set.of(ARCHIVE_OBJECTS),
                    "s3:PutObjectRetention", Set.of(ARCHIVE_OBJECTS),
                    "s3:PutObjectLegalHold", Set.of(ARCHIVE_OBJECTS),
                    "s3:RestoreObject", Set.of(ARCHIVE_OBJECTS)),
            "operations-service", ordered(
                    "dynamodb:ListTables", Set.of("*"),
                    "tag:GetResources", Set.of("*"),
                    "dynamodb:DescribeContinuousBackups", Set.of(OWN_TABLES),
                    "dynamodb:DescribeBackup", Set.of(OWN_BACKUPS),
                    "dynamodb:DescribeTable", Set.of(OWN_TABLES),
                    "sts:AssumeRole", Set.of(ROLE),
                    "sns:Publish", Set.of(TOPICS)),
            "retention-service", ordered(
                    "dynamodb:DescribeTable", Set.of(HOLDS),
                    "dynamodb:PutItem", Set.of(HOLDS),
                    "dynamodb:DeleteItem", Set.of(HOLDS)),
            "create-tables-dev", ordered(
                    "dynamodb:CreateTable", Set.of(LEDGER, HOLDS)),
            "cross-account-role-permissions", ordered(
                    "dynamodb:ListTables", Set.of("*"),
                    "tag:GetResources", Set.of("*"),
                    "dynamodb:DescribeContinuousBackups", Set.of(TARGET_TABLES),
                    "dynamodb:CreateBackup", Set.of(TARGET_TABLES),
                    "dynamodb:DescribeBackup", Set.of(TARGET_BACKUPS),
                    "dynamodb:DeleteBackup", Set.of(TARGET_BACKUPS),
                    "dynamodb:ListBackups", Set.of("*"),
                    "dynamodb:RestoreTableFromBackup", Set.of(TARGET_BACKUPS),
                    "dynamodb:PutItem", Set.of(TARGET_TABLES),
                    "dynamodb:UpdateItem", Set.of(TARGET_TABLES),
                    "dynamodb:DeleteItem", Set.of(TARGET_TABLES),
                    "dynamodb:GetItem", Set.of(TARGET_TABLES),
                    "dynamodb:Query", Set.of(TARGET_TABLES),
                    "dynamodb:Scan", Set.of(TARGET_TABLES),
                    "dynamodb:BatchWriteItem", Set.of(TARGET_TABLES),
                    "dynamodb:DescribeTable", Set.of(TARGET_TABLES),
                    "dynamodb:ListTagsOfResource", Set.of(TARGET_TABLES),
                    "dynamodb:TagResource", Set.of(TARGET_TABLES),
                    "dynamodb:DescribeTimeToLive", Set.of(TARGET_TABLES),
                    "dynamodb:UpdateTimeToLive", Set.of(TARGET_TABLES),
                    "dynamodb:UpdateContinuousBackups", Set.of(TARGET_TABLES),
                    "dynamodb:UpdateTable", Set.of(TARGET_TABLES),
                    "dynamodb:DeleteTable", Set.of("arn:aws:dynamodb:*:<TARGET_ACCOUNT_ID>:table/gfs-scratch-*"),
                    "dynamodb:ExportTableToPointInTime", Set.of("arn:aws:dynamodb:*:<TARGET_ACCOUNT_ID>:table/gfs-scratch-*"),
                    "dynamodb:DescribeExport",
                    Set.of("arn:aws:dynamodb:*:<TARGET_ACCOUNT_ID>:table/gfs-scratch-*/export/*"),
                    "dynamodb:ImportTable", Set.of(TARGET_TABLES),
                    "dynamodb:DescribeImport", Set.of(TARGET_TABLES + "/import/*"),
                    "logs:CreateLogGroup", Set.of(TARGET_IMPORT_LOGS),
                    "logs:CreateLogStream", Set.of(TARGET_IMPORT_LOGS),
                    "logs:DescribeLogStreams", Set.of(TARGET_IMPORT_LOGS),
                    "logs:PutLogEvents", Set.of(TARGET_IMPORT_LOGS)));

    @Test
    void everyFileOfDocsIamIsAPolicyThatIsCheckedHere() throws IOException {
        try (Stream<Path> files = Files.list(DOCS)) {
            List<String> policies = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).sorted().toList();
            assertThat(policies).containsExactlyInAnyOrderElementsOf(
                    Stream.concat(EXPECTED.keySet().stream(), Stream.of(IamEnforcedAws.ROLE_TRUST)).toList());
            for (String policy : policies) {
                IamPolicy.read(DOCS.resolve(policy + ".json")).filledIn(IamEnforcedAws.placeholders());
            }
        }
    }

    @Test
    void eachPolicyAllowsExactlyTheActionsItsServiceCallsOnExactlyTheResourcesExplained() {
        EXPECTED.forEach((name, expected) -> {
            IamPolicy policy = IamPolicy.read(DOCS.resolve(name + ".json"));
            assertThat(policy.actions()).as("the actions of %s", name)
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
            expected.forEach((action, resources) -> assertThat(policy.resourcesOf(action))
                    .as("the resources of %s in %s", action, name).containsExactlyInAnyOrderElementsOf(resources));
        });
    }

    @Test
    void theRoleMayBeAssumedOnlyByTheSchedulerTheWorkerThePolicyAndTheOperationsServiceWithTheExternalId()
            throws IOException {
        JsonNode trust = new ObjectMapper().readTree(DOCS.resolve(IamEnforcedAws.ROLE_TRUST + ".json").toFile());
        JsonNode statements = trust.get("Statement");
        assertThat(statements).hasSize(1);
        JsonNode statement = statements.get(0);
        assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.get("Action").asText()).isEqualTo("sts:AssumeRole");
        assertThat(statement.get("Principal").get("AWS")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
                "arn:aws:iam::<SERVICE_ACCOUNT_ID>:role/gfs-scheduler-service",
                "arn:aws:iam::<SERVICE_ACCOUNT_ID>:role/gfs-backup-worker",
                "arn:aws:iam::<SERVICE_ACCOUNT_ID>:role/gfs-policy-service",
                "arn:aws:iam::<SERVICE_ACCOUNT_ID>:role/gfs-operations-service");
        assertThat(statement.get("Condition").get("StringEquals").get("sts:ExternalId").asText())
                .isEqualTo("<EXTERNAL_ID>");
        assertThat(statement.get("Condition").size()).isEqualTo(1);
    }

    @Test
    void aPlaceholderLeftUnfilledIsRefusedByName() {
        IamPolicy policy = IamPolicy.read(DOCS.resolve("backup-worker.json"));
        assertThatThrownBy(() -> policy.filledIn(Map.of("SERVICE_ACCOUNT_ID", "123456789012")))
                .hasMessageContaining("<HOME_REGION>");
    }

    @Test
    void inMotosFormOnlyTheAssumeRoleStatementKeepsItsResources() {
        IamPolicy policy = IamPolicy.read(DOCS.resolve("scheduler-service.json"))
                .filledIn(IamEnforcedAws.placeholders());
        IamPolicy moto = IamPolicy.parse(policy.forMoto());
        assertThat(moto.actions()).containsExactlyInAnyOrder("dynamodb:ListTables", "tagging:GetResources",
                "sts:AssumeRole");
        assertThat(moto.resourcesOf("sts:AssumeRole")).containsExactly("arn:aws:iam::222222222222:role/gfs-backup");
        assertThat(moto.resourcesOf("dynamodb:ListTables")).containsExactly("*");
    }

    private static Map<String, Set<String>> inventory() {
        return ordered(
                "dynamodb:ListTables", Set.of("*"),
                "tag:GetResources", Set.of("*"),
                "sts:AssumeRole", Set.of(ROLE));
    }

    private static Map<String, Set<String>> ordered(Object... actionsAndResources) {
        Map<String, Set<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < actionsAndResources.length; i += 2) {
            @SuppressWarnings("unchecked")
            Set<String> resources = (Set<String>) actionsAndResources[i + 1];
            map.put((String) actionsAndResources[i], resources);
        }
        return map;
    }
}
