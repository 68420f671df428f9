package io.gfsbackup.contracts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.PolicyJson;
import io.gfsbackup.contracts.policy.Validated;
import io.gfsbackup.contracts.policy.Violation;

import java.io.IOException;
import java.util.stream.Collectors;

/**
 * The one Jackson configuration for everything this project puts on the wire: instants as ISO-8601 with
 * {@code Z}, periods and durations as ISO-8601 text, zones as ids, and a {@link BackupPolicy} always in the
 * section-1 shape (validated when read).
 *
 * <p>Messages tolerate unknown fields ({@link #mapper()}): a consumer on an older version keeps working when a
 * producer adds a field. Input that people write, a policy above all, rejects them ({@link #strictMapper()};
 * {@link PolicyJson} reports them with their path).
 */
public final class Json {

    private static final ObjectMapper MAPPER = configure(new ObjectMapper());
    private static final ObjectMapper STRICT = configure(new ObjectMapper())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    /** The shared mapper for messages; configured once, safe to share between threads. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A shared mapper that, unlike {@link #mapper()}, fails on unknown fields. */
    public static ObjectMapper strictMapper() {
        return STRICT;
    }

    /** Applies this project's configuration to a mapper a framework owns (e.g. a Quarkus customizer). */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .registerModule(policyModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    private static SimpleModule policyModule() {
        SimpleModule module = new SimpleModule("gfs-policy");
        module.addSerializer(BackupPolicy.class, new JsonSerializer<>() {
            @Override
            public void serialize(BackupPolicy policy, JsonGenerator generator, SerializerProvider provider)
                    throws IOException {
                generator.writeTree(PolicyJson.toJson(policy));
            }
        });
        module.addDeserializer(BackupPolicy.class, new JsonDeserializer<>() {
            @Override
            public BackupPolicy deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                JsonNode tree = context.readTree(parser);
                Validated<BackupPolicy> policy = PolicyJson.read(tree);
                if (!policy.isValid()) {
                    return context.reportInputMismatch(BackupPolicy.class, "invalid policy: "
                            + policy.violations().stream().map(Violation::toString).collect(Collectors.joining("; ")));
                }
                return policy.value();
            }
        });
        return module;
    }
}
