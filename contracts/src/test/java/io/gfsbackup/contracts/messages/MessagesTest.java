package io.gfsbackup.contracts.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gfsbackup.contracts.Json;
import io.gfsbackup.contracts.Policies;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.PolicyJson;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.schedule.Slot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessagesTest {

    private static final UUID POLICY_ID = UUID.fromString("0b6a3c1e-5d2f-4e8a-9b7c-1d2e3f4a5b6c");
    private static final Instant NOW = Instant.parse("2026-01-05T07:00:03.250Z");
    private static final Instant SLOT = Instant.parse("2026-01-05T07:00:00Z");
    private static final TableRef TABLE = TableRef.fromArn("arn:aws:dynamodb:us-east-1:123456789012:table/orders");
    private static final BackupPolicy POLICY = Policies.section1();
    private static final DueSlot DUE = DueSlot.of(POLICY_ID, 3, Policies.veeam(), TABLE,
            new Slot(SLOT, EnumSet.of(Tier.D, Tier.W, Tier.M)));

    static Stream<Message> everyMessage() {
        BackupCreated created = BackupCreated.of(DUE, TABLE.arn() + "/backup/01", "orders-20260105T070000Z-0b6a3c1e",
                4096, NOW.plusSeconds(40), NOW);
        PointExpired expired = PointExpired.of(POLICY_ID, TABLE, created.backupArn(), created.backupName(),
                new io.gfsbackup.contracts.retention.PointExpired(SLOT, Instant.parse("2026-07-05T07:00:00Z"),
                        io.gfsbackup.contracts.retention.PointExpired.Reason.NO_FLAGS_LEFT), NOW);
        return Stream.of(
                PolicyUpserted.of(POLICY_ID, 3, POLICY, "alice", NOW),
                BackupDue.of(DUE, NOW),
                BackupStarted.of(DUE, "worker-1", NOW),
                created,
                BackupFailed.of(DUE, "LimitExceededException", 4, NOW),
                BackupMissed.of(DUE, "scheduler was down until after the start window", NOW),
                BackupDeleted.of(expired, false, NOW),
                FlagUnassigned.of(POLICY_ID, TABLE, new io.gfsbackup.contracts.retention.FlagUnassigned(SLOT, Tier.D,
                        Instant.parse("2026-01-08T07:00:00Z"),
                        io.gfsbackup.contracts.retention.FlagUnassigned.Reason.RETENTION_ELAPSED), NOW),
                expired,
                RetentionGap.of(POLICY_ID, TABLE, new io.gfsbackup.contracts.retention.RetentionGap(Tier.M, SLOT,
                        Instant.parse("2026-03-02T07:00:00Z")), NOW),
                DeletionsPaused.of(POLICY_ID, "CLOCK_LEAD", "the clock moved 365 days in 4 s of wall time",
                        Instant.parse("2027-01-05T07:00:00Z"), NOW),
                DeletionsResumed.of(POLICY_ID, "admin", NOW));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyMessage")
    void everyMessageSurvivesAJsonRoundTrip(Message message) {
        String json = Messages.toJson(message);

        assertThat(Messages.parse(json)).isEqualTo(message);
        assertThat(Messages.fromJson(json, message.getClass())).isEqualTo(message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyMessage")
    void everyMessageNamesItsTypeAndWritesInstantsInUtcWithZ(Message message) throws Exception {
        JsonNode json = Json.mapper().readTree(Messages.toJson(message));

        assertThat(json.get("type").asText()).isEqualTo(message.getClass().getSimpleName()).isEqualTo(message.type());
        assertThat(json.get("id").asText()).isEqualTo(message.id().toString());
        assertThat(json.get("occurredAt").asText()).isEqualTo("2026-01-05T07:00:03.250Z");
    }

    @Test
    void aBackupDueCarriesTheSettingsOfItsPolicyVersionAndTheCarryDeadlines() throws Exception {
        JsonNode due = Json.mapper().readTree(Messages.toJson(BackupDue.of(DUE, NOW))).get("due");

        assertThat(due.get("dueId").asText()).isEqualTo(Ids.dueId(POLICY_ID, TABLE.arn(), SLOT).toString());
        assertThat(due.get("slot").asText()).isEqualTo("2026-01-05T07:00:00Z");
        assertThat(due.get("flags").toString()).isEqualTo("[\"D\",\"W\",\"M\"]");
        assertThat(due.get("retention").toString()).isEqualTo(
                "{\"zone\":\"UTC\",\"keep\":{\"D\":\"P3D\",\"W\":\"P14D\",\"M\":\"P6M\"},\"keepAtLeast\":0}");
        assertThat(due.get("startWindowEnd").asText()).isEqualTo("2026-01-05T08:00:00Z");
        assertThat(due.get("carryDeadlines").toString())
                .isEqualTo("{\"W\":\"2026-01-12T07:00:00Z\",\"M\":\"2026-03-02T07:00:00Z\"}");
    }

    @Test
    void aPolicyUpsertedCarriesThePolicyInItsSection1Shape() throws Exception {
        JsonNode policy = Json.mapper().readTree(Messages.toJson(PolicyUpserted.of(POLICY_ID, 3, POLICY, "alice", NOW)))
                .get("policy");

        assertThat(policy).isEqualTo(Json.mapper().readTree(Policies.SECTION_1_JSON_WRITTEN));
    }

    @Test
    void unknownFieldsAreIgnoredForForwardCompatibility() throws Exception {
        ObjectNode json = (ObjectNode) Json.mapper().readTree(Messages.toJson(BackupDue.of(DUE, NOW)));
        json.put("priority", "high");
        ((ObjectNode) json.get("due")).put("costCentre", 42);

        assertThat(Messages.parse(json.toString())).isEqualTo(BackupDue.of(DUE, NOW));
    }

    @Test
    void aPayloadWithoutTypeIsMalformed() {
        assertThatThrownBy(() -> Messages.parse("{\"id\": \"" + UUID.randomUUID() + "\"}"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("no \"type\"; every message names its type, e.g. \"type\": \"BackupDue\"");
    }

    @Test
    void anUnknownTypeIsMalformed() {
        assertThatThrownBy(() -> Messages.parse("{\"type\": \"BackupExploded\"}"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("message type \"BackupExploded\" is not a Message");
    }

    @Test
    void aMessageOfAnotherTypeThanExpectedIsMalformed() {
        String missed = Messages.toJson(BackupMissed.of(DUE, "late", NOW));

        assertThatThrownBy(() -> Messages.fromJson(missed, BackupCreated.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("message type \"BackupMissed\" is not a BackupCreated");
    }

    @Test
    void aMissingRequiredFieldIsNamed() throws Exception {
        ObjectNode json = (ObjectNode) Json.mapper().readTree(Messages.toJson(BackupDue.of(DUE, NOW)));
        ((ObjectNode) json.get("due")).remove("slot");

        assertThatThrownBy(() -> Messages.parse(json.toString()))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("DueSlot: due.slot is required");
    }

    @Test
    void aWrongValueIsNamedWithItsPath() throws Exception {
        ObjectNode json = (ObjectNode) Json.mapper().readTree(Messages.toJson(BackupDue.of(DUE, NOW)));
        ((ObjectNode) json.get("due")).putArray("flags").add("X");

        assertThatThrownBy(() -> Messages.parse(json.toString()))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageStartingWith("due.flags[0]: Cannot deserialize value of type `io.gfsbackup.contracts.policy.Tier`");
    }

    @Test
    void anInvalidPolicyInsideAMessageIsMalformed() throws Exception {
        ObjectNode json = (ObjectNode) Json.mapper().readTree(Messages.toJson(PolicyUpserted.of(POLICY_ID, 3, POLICY,
                "alice", NOW)));
        ((ObjectNode) json.get("policy")).put("startWindow", "PT1M");

        assertThatThrownBy(() -> Messages.parse(json.toString()))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("policy: invalid policy: startWindow: PT1M is too short; a start window must be at least PT5M");
    }

    @Test
    void textThatIsNotJsonIsMalformed() {
        assertThatThrownBy(() -> Messages.parse("BackupDue orders 07:00"))
                .isInstanceOf(MalformedMessageException.class).hasMessageStartingWith("not JSON: ");
        assertThatThrownBy(() -> Messages.parse(" ")).isInstanceOf(MalformedMessageException.class)
                .hasMessage("empty payload; expected a JSON message with a type");
    }

    @Test
    void theTopicsHaveTheNamesOfTheArchitectureAndTheirDeadLetterTopics() {
        assertThat(Map.of(Topics.POLICIES, "policies", Topics.BACKUP_DUE, "backup-due", Topics.BACKUP_EVENTS,
                "backup-events", Topics.RETENTION_EVENTS, "retention-events", Topics.CLOCK, "clock"))
                .allSatisfy((constant, name) -> assertThat(constant).isEqualTo(name));
        assertThat(Topics.dlq(Topics.BACKUP_DUE)).isEqualTo("backup-due.dlq");
    }

    @Test
    void aTableRefIsReadFromItsArn() {
        assertThat(TABLE).isEqualTo(new TableRef("us-east-1", "123456789012", "orders",
                "arn:aws:dynamodb:us-east-1:123456789012:table/orders"));
        assertThatThrownBy(() -> TableRef.fromArn("arn:aws:s3:::bucket")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePolicyJsonOfAMessageIsTheOneOfPolicyJson() throws Exception {
        assertThat(Json.mapper().readTree(Json.mapper().writeValueAsString(POLICY)))
                .isEqualTo(PolicyJson.toJson(POLICY));
    }
}
