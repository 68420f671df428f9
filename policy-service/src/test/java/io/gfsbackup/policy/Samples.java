package io.gfsbackup.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The sample request bodies in {@code policy-service/samples/}, which {@code requests.http} uses too. */
public final class Samples {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Samples() {
    }

    public static String read(String file) {
        try {
            return Files.readString(Path.of("samples", file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Veeam example policy under a name no other test uses. */
    public static String veeamPolicy() {
        return veeamPolicy(policy -> { });
    }

    /** The Veeam example policy under a unique name, changed by {@code edit}. */
    public static String veeamPolicy(Consumer<ObjectNode> edit) {
        return policy("veeam-policy.json", edit);
    }

    /** The Veeam example policy with its weekly restore test, under a unique name, changed by {@code edit}. */
    public static String restoreTestPolicy(Consumer<ObjectNode> edit) {
        return policy("veeam-policy-restore-test.json", edit);
    }

    /** The Veeam example policy with its cold tier, under a unique name, changed by {@code edit}. */
    public static String archivePolicy(Consumer<ObjectNode> edit) {
        return policy("veeam-policy-archive.json", edit);
    }

    private static String policy(String file, Consumer<ObjectNode> edit) {
        try {
            ObjectNode policy = (ObjectNode) JSON.readTree(read(file));
            policy.put("name", uniqueName());
            edit.accept(policy);
            return JSON.writeValueAsString(policy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String uniqueName() {
        return "test-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
