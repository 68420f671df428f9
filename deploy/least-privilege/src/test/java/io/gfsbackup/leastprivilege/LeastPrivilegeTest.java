package io.gfsbackup.leastprivilege;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import io.gfsbackup.deploy.testing.IamEnforcedAws;
import io.gfsbackup.deploy.testing.IamEnforcedAws.Keys;
import io.gfsbackup.deploy.testing.IamPolicy;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

/**
 * Each service's AWS calls ({@link ServiceCalls}) against a moto that enforces IAM: they succeed with the service's
 * documented policy (docs/iam) alone, and for every action of that policy a user with only that action removed is
 * refused, with {@code AccessDenied} naming the action. The same for the target account's role {@code gfs-backup}
 * and for the create-if-missing policy. moto checks actions only (docs/iam/README.md): the resources and conditions of
 * the policies are reviewed, not tested here.
 */
class LeastPrivilegeTest {

    static IamEnforcedAws aws;
    static ServiceCalls calls;

    /** The services' calls by docs/iam policy name. */
    static Map<String, Consumer<Keys>> exercises() {
        return Map.of(
                "scheduler-service", calls::scheduler,
                "backup-worker", calls::worker,
                "retention-service", calls::retention,
                "policy-service", calls::policyService,
                "operations-service", calls::operations);
    }

    @BeforeAll
    static void start() {
        aws = IamEnforcedAws.start(IamEnforcedAws.docsIam());
        calls = new ServiceCalls(aws);
        calls.provision();
    }

    @AfterAll
    static void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    @Test
    void everyServiceMakesAllItsCallsWithItsDocumentedPolicyAlone() {
        exercises().forEach((service, exercise) -> exercise.accept(aws.service(service)));
    }

    @Test
    void aServiceWithoutAnyPolicyIsRefused() {
        Keys nobody = aws.user("nobody", IamPolicy.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Action\":\"none:Nothing\",\"Resource\":\"*\"}]}"));
        assertRefused(() -> calls.retention(nobody), "dynamodb:DescribeTable", nobody.arn());
    }

    /**
     * The archive tier's S3 actions that moto cannot check: it checks a retention or a legal hold put as
     * {@code s3:PutObject} and the bucket's Object Lock configuration read as {@code s3:ListBucket}, and
     * {@code AbortMultipartUpload} is DynamoDB's, as it writes an export. DocumentedPoliciesTest pins them, and
     * ArchiveCopyTest makes the Object Lock calls against moto without IAM. The copy's other S3 calls are refused here
     * one action at a time (ServiceCalls).
     */
    static final Set<String> ARCHIVE_S3 = Set.of("s3:AbortMultipartUpload", "s3:PutObjectRetention",
            "s3:PutObjectLegalHold", "s3:GetBucketObjectLockConfiguration");
    /** CloudWatch Logs, where AWS (not moto) writes an import's errors as the caller of ImportTable. */
    static final Set<String> IMPORT_LOGS = Set.of("logs:CreateLogGroup", "logs:CreateLogStream",
            "logs:DescribeLogStreams", "logs:PutLogEvents");

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new java.util.HashSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return Set.copyOf(all);
    }

    /**
     * Actions a policy grants that no call of the service needs itself: AWS checks them on the caller of
     * {@code RestoreTableFromBackup}, for the items it writes into the new table ("Restoring a DynamoDB table from a
     * backup": the target needs {@code PutItem}, {@code UpdateItem}, {@code DeleteItem}, {@code GetItem},
     * {@code Query}, {@code Scan}, {@code BatchWriteItem}), and moto does not. They are pinned by
     * {@link DocumentedPoliciesTest}, not refused here; the ones the service also calls (the worker's ledger writes,
     * a restore test's Scan and GetItem) are.
     */
    static final Map<String, Set<String>> CHECKED_FOR_RESTORES_ONLY_BY_AWS = Map.of(
            "backup-worker", union(Set.of("dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:BatchWriteItem"),
                    ARCHIVE_S3, IMPORT_LOGS),
            IamEnforcedAws.ROLE_PERMISSIONS, union(Set.of("dynamodb:PutItem", "dynamodb:UpdateItem",
                    "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:BatchWriteItem"), IMPORT_LOGS));

    @TestFactory
    Stream<DynamicTest> withoutAnyOneActionOfItsPolicyAServiceIsRefused() {
        List<DynamicTest> tests = new ArrayList<>();
        exercises().forEach((service, exercise) -> {
            IamPolicy policy = aws.policy(service);
            for (String action : policy.actions()) {
                if (CHECKED_FOR_RESTORES_ONLY_BY_AWS.getOrDefault(service, Set.of()).contains(action)) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(service + " without " + action, () -> {
                    Keys keys = aws.user(service + "-without-" + action.replace(':', '-'), policy.without(action));
                    assertRefused(() -> exercise.accept(keys), action, keys.arn());
                }));
            }
        });
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> withoutAnyOneActionOfTheTargetAccountsRoleTheServiceThatCallsItIsRefused() {
        IamPolicy role = aws.policy(IamEnforcedAws.ROLE_PERMISSIONS);
        String session = "arn:aws:sts::" + IamEnforcedAws.TARGET_ACCOUNT_ID + ":assumed-role/"
                + IamEnforcedAws.ROLE_NAME + "/";
        return role.actions().stream()
                .filter(action -> !CHECKED_FOR_RESTORES_ONLY_BY_AWS.get(IamEnforcedAws.ROLE_PERMISSIONS).contains(action))
                .map(action -> DynamicTest.dynamicTest("gfs-backup without " + action, () -> {
            aws.setRolePermissions(role.without(action));
            try {
                assertRefused(() -> {
                    calls.scheduler(aws.service("scheduler-service"));
                    calls.worker(aws.service("backup-worker"));
                    calls.operations(aws.service("operations-service"));
                }, action, session);
            } finally {
                aws.setRolePermissions(role);
            }
            calls.scheduler(aws.service("scheduler-service"));
            calls.worker(aws.service("backup-worker"));
            calls.operations(aws.service("operations-service"));
        }));
    }

    @Test
    void whereCreateIfMissingIsOnTheWorkerAndTheRetentionServiceCreateTheirTablesWithTheDevPolicyAdded() {
        IamPolicy createTables = aws.policy(IamEnforcedAws.CREATE_TABLES);
        Keys worker = aws.user("worker-creating", aws.policy("backup-worker").plus(createTables));
        Keys retention = aws.user("retention-creating", aws.policy("retention-service").plus(createTables));
        calls.workerCreatingItsTables(worker);
        calls.retentionCreatingItsTable(retention);

        assertThat(createTables.actions()).containsExactly("dynamodb:CreateTable");
        assertRefused(() -> calls.workerCreatingItsTables(aws.service("backup-worker")), "dynamodb:CreateTable",
                aws.service("backup-worker").arn());
        assertRefused(() -> calls.retentionCreatingItsTable(aws.service("retention-service")),
                "dynamodb:CreateTable", aws.service("retention-service").arn());
    }

    /**
     * moto checks a trust policy only when the role is in the caller's own account (for a role in another account it
     * checks the caller's own policy alone), so the documented trust policy is tried on a copy of the role in the
     * services' account, its principals renamed to users made for this: the four services named in it may assume
     * it with the external id, not with another one, and the retention service may not at all. (Without any external
     * id moto lets the call through, where AWS refuses it: moto compares only the values a request carries.)
     */
    @Test
    void theTrustPolicyAdmitsTheSchedulerTheWorkerThePolicyAndTheOperationsServiceWithTheExternalIdOnly() {
        IamPolicy trust = aws.trustPolicy(IamEnforcedAws.ROLE_TRUST)
                .mapStrings(s -> s.replace(":user/gfs-", ":user/trust-gfs-"));
        String copy = aws.createRole(IamEnforcedAws.SERVICE_ACCOUNT_ID, "gfs-backup-trust-copy", trust,
                aws.policy(IamEnforcedAws.ROLE_PERMISSIONS));
        IamPolicy mayAssume = IamPolicy.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"sts:AssumeRole\",\"Resource\":\"" + copy + "\"}]}");
        for (String service : List.of("scheduler-service", "backup-worker", "policy-service", "operations-service")) {
            Keys keys = aws.user("trust-gfs-" + service, mayAssume);
            assertThat(assume(keys, copy, IamEnforcedAws.EXTERNAL_ID).assumedRoleUser().arn())
                    .contains("assumed-role/gfs-backup-trust-copy/");
            assertRefused(() -> assume(keys, copy, "another-id"), "sts:AssumeRole", keys.arn());
        }
        Keys retention = aws.user("trust-gfs-retention-service", mayAssume);
        assertRefused(() -> assume(retention, copy, IamEnforcedAws.EXTERNAL_ID), "sts:AssumeRole", retention.arn());
    }

    private static AssumeRoleResponse assume(Keys keys, String roleArn, String externalId) {
        try (StsClient sts = StsClient.builder().endpointOverride(aws.endpoint())
                .region(Region.of(IamEnforcedAws.REGION)).credentialsProvider(keys.provider())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            return sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("trust-check").externalId(externalId));
        }
    }

    /**
     * The exercise fails, and the failure is moto's {@code AccessDenied} of {@code action} for {@code principal} (an
     * ARN, or the start of one): not some other error on the way.
     */
    static void assertRefused(Runnable exercise, String action, String principal) {
        Throwable thrown = catchThrowable(exercise::run);
        assertThat(thrown).as("the calls without %s", action).isNotNull();
        String text = describe(thrown);
        if (action.startsWith("s3:")) {
            // moto's S3 answers a refusal with a bare 403 ("Access Denied", or no body to a HEAD), naming neither the
            // caller nor the action; with the whole policy the same calls succeed
            assertThat(text).as("why the calls without %s failed", action).contains("Service: S3")
                    .contains("Status Code: 403").doesNotContain("SignatureDoesNotMatch")
                    .doesNotContain("signature we calculated");
            return;
        }
        assertThat(text).as("why the calls without %s failed", action)
                .contains(principal)
                .contains("is not authorized to perform: " + IamPolicy.motoName(action));
    }

    /** Every message of the cause chain, with the raw bodies of AWS's answers (moto answers some in XML). */
    static String describe(Throwable thrown) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            text.append(t).append('\n');
            if (t instanceof AwsServiceException service && service.awsErrorDetails() != null
                    && service.awsErrorDetails().rawResponse() != null) {
                text.append(service.awsErrorDetails().rawResponse().asString(StandardCharsets.UTF_8)).append('\n');
            }
        }
        return text.toString();
    }
}
