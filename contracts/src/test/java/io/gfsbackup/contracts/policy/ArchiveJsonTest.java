package io.gfsbackup.contracts.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gfsbackup.contracts.Json;
import io.gfsbackup.contracts.Policies;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.PolicyUpserted;
import io.gfsbackup.contracts.retention.RetentionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A policy's {@code archive} block (retention-semantics, section 8): read with its defaults, written back, its rules. */
class ArchiveJsonTest {

    /** The Veeam example: D kept 3 days, W 14 days, M 6 months, UTC. */
    private static final String VEEAM = Policies.SECTION_1_JSON.replace("\"Europe/Berlin\"", "\"UTC\"")
            .replaceAll(",\\s*\"yearly\":[^}]*}", "");

    private static final String FULL = """
            {"after": "P30D", "tiers": ["M"], "mode": "COPY", "storageClass": "STANDARD_IA",
             "target": {"bucket": "acme-ddb-archive", "prefix": "gfs", "region": "eu-central-1",
                        "accountId": "222222222222", "roleArn": "arn:aws:iam::222222222222:role/gfs-archive",
                        "externalId": "gfs-archive-7", "kmsKeyId": "alias/gfs-archive"}}
            """;

    @Test
    void readsEveryFieldOfAnArchive() {
        Archive archive = read(json -> json.set("archive", tree(FULL))).value().archive();

        assertThat(archive).isEqualTo(new Archive(Period.ofDays(30), Set.of(Tier.M), Archive.Mode.COPY,
                Archive.StorageClass.STANDARD_IA, new ArchiveTarget("acme-ddb-archive", "gfs", "eu-central-1",
                "222222222222", "arn:aws:iam::222222222222:role/gfs-archive", "gfs-archive-7", "alias/gfs-archive")));
    }

    @Test
    void anArchiveOfAfterAndBucketTakesTheDefaults() {
        Archive archive = read(json -> json.putObject("archive").put("after", "P30D")
                .putObject("target").put("bucket", "acme-ddb-archive")).value().archive();

        assertThat(archive.mode()).isEqualTo(Archive.Mode.MOVE);
        assertThat(archive.storageClass()).isEqualTo(Archive.StorageClass.GLACIER_IR);
        assertThat(archive.explicitTiers()).isFalse();
        assertThat(archive.tiersOf(Set.of(Tier.D, Tier.W, Tier.M))).containsExactlyInAnyOrder(Tier.D, Tier.W, Tier.M);
        assertThat(archive.target().prefix()).isEmpty();
        assertThat(Policies.veeam().archive()).isNull();
    }

    @Test
    void anArchiveIsWrittenBackAsItWasRead() {
        BackupPolicy full = read(json -> json.set("archive", tree(FULL))).value();
        BackupPolicy minimal = read(json -> json.putObject("archive").put("after", "P0D").put("storageClass", "STANDARD")
                .putObject("target").put("bucket", "b-1")).value();

        assertThat(PolicyJson.read(PolicyJson.write(full)).value()).isEqualTo(full);
        assertThat(PolicyJson.read(PolicyJson.write(minimal)).value()).isEqualTo(minimal);
        assertThat(PolicyJson.toJson(minimal).get("archive").has("tiers")).as("defaulted tiers stay defaulted")
                .isFalse();
    }

    @Test
    void theArchiveTravelsWithThePolicyAndWithEachDueSlotsRetentionSettings() {
        BackupPolicy policy = read(json -> json.set("archive", tree(FULL))).value();
        PolicyUpserted upserted = PolicyUpserted.of(UUID.fromString("0b6a3c1e-5d2f-4e8a-9b7c-1d2e3f4a5b6c"), 2, policy,
                "alice", Instant.parse("2026-01-05T07:00:00Z"));

        assertThat(((PolicyUpserted) Messages.parse(Messages.toJson(upserted))).policy().archive())
                .isEqualTo(policy.archive());
        RetentionSettings settings = RetentionSettings.of(policy);
        assertThat(settings.archive()).isEqualTo(policy.archive());
        assertThat(Json.mapper().convertValue(Json.mapper().valueToTree(settings), RetentionSettings.class))
                .isEqualTo(settings);
    }

    @Test
    void theVeeamExampleWithAThirtyDayArchiveIsValidAndWithDeepArchiveIsRefused() {
        assertThat(read(json -> json.set("archive", tree("{\"after\": \"P30D\", \"target\": {\"bucket\": \"a-b\"}}")))
                .violations()).isEmpty();

        assertThat(read(json -> json.set("archive", tree(
                "{\"after\": \"P30D\", \"storageClass\": \"DEEP_ARCHIVE\", \"target\": {\"bucket\": \"a-b\"}}")))
                .violations()).extracting(Violation::toString).containsExactly(
                "archive: no point could ever be archived: no tier among D, W, M keeps its points as long as after "
                        + "(P30D) plus the 180 days DEEP_ARCHIVE bills at least; shorten after, choose a storage class "
                        + "with a shorter minimum (STANDARD 0 days, STANDARD_IA 30, GLACIER_IR 90, GLACIER 90, "
                        + "DEEP_ARCHIVE 180) or keep a tier longer");
    }

    @Test
    void couldNeverCountsAMonthAsThirtyOneDaysInTheKeepAndTwentyEightInAfter() {
        // M keeps P6M: at most 186 days. After P3M is at least 84 days; plus GLACIER_IR's 90: 174 <= 186, valid.
        assertThat(read(json -> json.set("archive", tree(
                "{\"after\": \"P3M\", \"tiers\": [\"M\"], \"target\": {\"bucket\": \"a-b\"}}"))).violations())
                .isEmpty();
        // After P97D plus 90 days is 187 > 186: M could never be archived.
        assertThat(read(json -> json.set("archive", tree(
                "{\"after\": \"P97D\", \"tiers\": [\"M\"], \"target\": {\"bucket\": \"a-b\"}}"))).violations())
                .extracting(Violation::field).containsExactly("archive.tiers", "archive");
        // P96D plus 90 is 186: it could.
        assertThat(read(json -> json.set("archive", tree(
                "{\"after\": \"P96D\", \"tiers\": [\"M\"], \"target\": {\"bucket\": \"a-b\"}}"))).violations())
                .isEmpty();
    }

    static Stream<Arguments> invalidArchives() {
        return Stream.of(
                invalidPolicy("the archive is an object", json -> json.put("archive", "P30D"),
                        "archive: \"P30D\" is not an object; use an object with the fields after, tiers, mode, "
                                + "storageClass, target"),
                invalid("an unknown field is named with its path", archive -> archive.put("coldAfter", "P30D"),
                        "archive.coldAfter: unknown field; valid fields here are after, tiers, mode, storageClass, "
                                + "target"),
                invalid("an unknown target field is named with its path",
                        archive -> archive.with("target").put("account", "222222222222"),
                        "archive.target.account: unknown field; valid fields here are bucket, prefix, region, "
                                + "accountId, roleArn, externalId, kmsKeyId"),
                invalid("after is required", archive -> archive.remove("after"),
                        "archive.after: is required; use an ISO-8601 period from P0D to P100Y after the slot, e.g. "
                                + "P30D"),
                invalid("after is a period", archive -> archive.put("after", "30 days"),
                        "archive.after: \"30 days\" is not an ISO-8601 period; use an ISO-8601 period from P0D to "
                                + "P100Y after the slot, e.g. P30D"),
                invalid("after is not negative", archive -> archive.put("after", "P-1D"),
                        "archive.after: P-1D is negative; use an ISO-8601 period from P0D to P100Y after the slot, "
                                + "e.g. P30D"),
                invalid("after is at most a hundred years", archive -> archive.put("after", "P101Y"),
                        "archive.after: P101Y is longer than P100Y; use an ISO-8601 period from P0D to P100Y after "
                                + "the slot, e.g. P30D"),
                invalid("a tier is D, W, M or Y", archive -> archive.putArray("tiers").add("MONTHLY"),
                        "archive.tiers[0]: \"MONTHLY\" is not a tier; use one of D, W, M, Y"),
                invalid("a tier is of the schedule", archive -> archive.putArray("tiers").add("M").add("Y"),
                        "archive.tiers: Y is not a tier of the schedule; use tiers among D, W, M"),
                invalid("tiers are not empty", archive -> archive.putArray("tiers"),
                        "archive.tiers: is empty; list the tiers whose points are archived, among D, W, M, or leave "
                                + "it out for all of them"),
                invalid("a tier is listed once", archive -> archive.putArray("tiers").add("M").add("M"),
                        "archive.tiers: M is listed twice; list each once"),
                invalid("an explicit tier whose points could never be archived",
                        archive -> archive.putArray("tiers").add("W").add("M"),
                        "archive.tiers: W points are kept P14D, never as long as P30D plus the 30 days STANDARD_IA "
                                + "bills at least, so they could never be archived; leave W out, shorten after or choose "
                                + "a storage class with a shorter minimum (STANDARD 0 days, STANDARD_IA 30, GLACIER_IR "
                                + "90, GLACIER 90, DEEP_ARCHIVE 180)"),
                invalid("the mode is MOVE or COPY", archive -> archive.put("mode", "SYNC"),
                        "archive.mode: \"SYNC\" is not an archive mode (MOVE, the default, deletes the warm backup "
                                + "once the copy is verified; COPY keeps it too); use one of MOVE, COPY"),
                invalid("the storage class is one S3 has", archive -> archive.put("storageClass", "GLACIER_DEEP"),
                        "archive.storageClass: \"GLACIER_DEEP\" is not an S3 storage class (default GLACIER_IR); use "
                                + "one of STANDARD, STANDARD_IA, GLACIER_IR, GLACIER, DEEP_ARCHIVE"),
                invalid("the target is required", archive -> archive.remove("target"),
                        "archive.target: is required; name at least the bucket, e.g. {\"bucket\": "
                                + "\"acme-ddb-archive\"}"),
                invalid("the bucket is required", archive -> archive.with("target").remove("bucket"),
                        "archive.target.bucket: is required; use an S3 bucket name: 3 to 63 lower-case letters, "
                                + "digits, dots and hyphens, beginning and ending with a letter or digit"),
                invalid("the bucket is an S3 bucket name", archive -> archive.with("target").put("bucket", "Acme_Archive"),
                        "archive.target.bucket: \"Acme_Archive\" is not an S3 bucket name: 3 to 63 lower-case letters, "
                                + "digits, dots and hyphens, beginning and ending with a letter or digit"),
                invalid("the prefix has no leading slash", archive -> archive.with("target").put("prefix", "/gfs"),
                        "archive.target.prefix: \"/gfs\" is not a key prefix of at most 512 characters, without a "
                                + "leading or trailing /, e.g. gfs"),
                invalid("the region is an AWS region", archive -> archive.with("target").put("region", "Frankfurt"),
                        "archive.target.region: \"Frankfurt\" is not an AWS region; use e.g. eu-central-1, or leave it "
                                + "out for the region of each point's table"),
                invalid("the account id has 12 digits", archive -> archive.with("target").put("accountId", "2222"),
                        "archive.target.accountId: \"2222\" is not an AWS account id; use its 12 digits"),
                invalid("the role is of the bucket's account",
                        archive -> archive.with("target").put("roleArn", "arn:aws:iam::333333333333:role/gfs-archive"),
                        "archive.target.roleArn: names a role of account 333333333333, not of 222222222222; the role "
                                + "must be in the bucket's account"),
                invalid("an external id needs a role", archive -> archive.with("target").remove("roleArn"),
                        "archive.target.externalId: is only for a role to assume; give roleArn too, or leave it out"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidArchives")
    void rejectsAnInvalidArchiveNamingTheFieldAndWhatIsValid(String rule, String json, List<String> expected) {
        PolicyTrees.assertRejected(json, expected);
    }

    @Test
    void theLimitsThemselvesAreValid() {
        BackupPolicy longKeep = read(json -> {
            json.with("schedule").with("monthly").put("keep", "P100Y");
            json.putObject("archive").put("after", "P99Y").put("storageClass", "DEEP_ARCHIVE")
                    .putObject("target").put("bucket", "a".repeat(63)).put("prefix", "p".repeat(512));
        }).value();

        assertThat(longKeep.archive().after()).isEqualTo(Period.ofYears(99));
    }

    /** The Veeam example with {@link #FULL} as its archive, changed by {@code mutation}. */
    private static Arguments invalid(String rule, Consumer<ObjectNode> mutation, String... expected) {
        return invalidPolicy(rule, policy -> mutation.accept(policy.putObject("archive").setAll(tree(FULL))),
                expected);
    }

    /** The Veeam example changed by {@code mutation}. */
    private static Arguments invalidPolicy(String rule, Consumer<ObjectNode> mutation, String... expected) {
        return PolicyTrees.rejected(rule, VEEAM, mutation, expected);
    }

    private static Validated<BackupPolicy> read(Consumer<ObjectNode> mutation) {
        return PolicyTrees.read(VEEAM, mutation);
    }

    private static ObjectNode tree(String json) {
        return PolicyTrees.tree(json);
    }
}
