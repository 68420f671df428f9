package io.gfsbackup.contracts.messages;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.gfsbackup.contracts.Json;

import java.util.stream.Collectors;

/**
 * Reads and writes {@link Message}s as JSON with the shared {@link Json#mapper()}: unknown fields are ignored
 * (a newer producer may add some), a missing or unknown {@code type}, a missing required field or a wrong value
 * raise a {@link MalformedMessageException} naming the problem, for the consumer to route to the DLQ.
 */
public final class Messages {

    private Messages() {
    }

    public static String toJson(Message message) {
        try {
            return Json.mapper().writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message.type(), e);
        }
    }

    /** Any message, by its {@code type}. */
    public static Message parse(String json) {
        return fromJson(json, Message.class);
    }

    /** A message that must be of {@code type}. */
    public static <T extends Message> T fromJson(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new MalformedMessageException("empty payload; expected a JSON message with a type", null);
        }
        try {
            return Json.mapper().readValue(json, type);
        } catch (InvalidTypeIdException e) {
            throw new MalformedMessageException(e.getTypeId() == null
                    ? "no \"type\"; every message names its type, e.g. \"type\": \"BackupDue\""
                    : "message type \"" + e.getTypeId() + "\" is not a " + type.getSimpleName(), e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new MalformedMessageException(e.getType().getRawClass().getSimpleName() + ": " + cause.getMessage(), e);
        } catch (JsonParseException e) {
            throw new MalformedMessageException("not JSON: " + e.getOriginalMessage(), e);
        } catch (JsonMappingException e) {
            throw new MalformedMessageException(path(e) + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException(e.getOriginalMessage(), e);
        }
    }

    private static String path(JsonMappingException e) {
        if (e.getPath().isEmpty()) {
            return "";
        }
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[") + ": ";
    }
}
