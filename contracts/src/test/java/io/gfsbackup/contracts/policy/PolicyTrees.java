package io.gfsbackup.contracts.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.provider.Arguments;

import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Policy documents as JSON trees, edited for one case: what the block tests of the policy reader share. */
final class PolicyTrees {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PolicyTrees() {
    }

    static ObjectNode tree(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code json} read after {@code edit}. */
    static Validated<BackupPolicy> read(String json, Consumer<ObjectNode> edit) {
        return PolicyJson.read(edited(json, edit));
    }

    /** A case of a parameterized test: {@code rule}, {@code json} after {@code edit}, the violations expected. */
    static Arguments rejected(String rule, String json, Consumer<ObjectNode> edit, String... expected) {
        return arguments(rule, edited(json, edit), List.of(expected));
    }

    /** {@code json} is refused with exactly {@code expected}, each as {@code field: message}. */
    static void assertRejected(String json, List<String> expected) {
        Validated<BackupPolicy> read = PolicyJson.read(json);

        assertThat(read.isValid()).isFalse();
        assertThat(read.violations()).extracting(Violation::toString).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static String edited(String json, Consumer<ObjectNode> edit) {
        ObjectNode policy = tree(json);
        edit.accept(policy);
        return policy.toString();
    }
}
