package io.gfsbackup.retention.rest;

import io.gfsbackup.rest.InvalidParameterException;

import java.util.Iterator;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The body of placing or releasing a legal hold: why, in the caller's words. Who is not in the body: it is the
 * token's principal. The body is read here rather than bound by JAX-RS, so that whatever is wrong with it (not
 * JSON, no reason, a reason that is not text) answers 400 naming {@code reason}.
 */
@Schema(name = "LegalHoldRequest", description = "Why the hold is placed or released", additionalProperties =
        Schema.False.class)
public record LegalHoldRequest(
        @Schema(required = true, minLength = 1, maxLength = MAX_REASON,
                description = "Free text on one line: no control characters (line breaks, tabs), not blank",
                pattern = "^[^\\x00-\\x1F\\x7F-\\x9F]*[^\\x00-\\x20\\x7F-\\x9F][^\\x00-\\x1F\\x7F-\\x9F]*$",
                example = "litigation hold, case 2026-17")
        String reason) {

    /** The longest reason accepted, in characters (code points). */
    public static final int MAX_REASON = 1000;
    static final String PLACE_EXAMPLE = "{\"reason\": \"litigation hold, case 2026-17\"}";
    static final String RELEASE_EXAMPLE = "{\"reason\": \"case 2026-17 closed\"}";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String FIELD = "reason";
    private static final String SHAPE = "send a JSON object such as " + PLACE_EXAMPLE;

    /**
     * The valid reason in {@code body}.
     *
     * @throws InvalidParameterException naming {@code reason} (or an unknown field) and what would be valid
     */
    static String reasonOf(String body) {
        JsonNode request = parse(body);
        Iterator<String> fields = request.fieldNames();
        while (fields.hasNext()) {
            String field = fields.next();
            if (!FIELD.equals(field)) {
                throw new InvalidParameterException(field, "is not a field of this request; " + SHAPE);
            }
        }
        JsonNode reason = request.get(FIELD);
        if (reason == null || reason.isNull()) {
            throw new InvalidParameterException(FIELD, "is required: why the hold is placed or released; " + SHAPE);
        }
        if (!reason.isTextual()) {
            throw new InvalidParameterException(FIELD, "must be text, not " + reason.getNodeType().name()
                    .toLowerCase(java.util.Locale.ROOT) + "; " + SHAPE);
        }
        String text = reason.textValue();
        if (text.isBlank()) {
            throw new InvalidParameterException(FIELD, "must not be blank: say why the hold is placed or released");
        }
        int length = text.codePointCount(0, text.length());
        if (length > MAX_REASON) {
            throw new InvalidParameterException(FIELD, "has " + length + " characters; at most " + MAX_REASON);
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidParameterException(FIELD, "contains a control character (a line break, tab, NUL, "
                    + "...); write the reason as one line of printable text");
        }
        return text;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidParameterException(FIELD, "is required, and the body is empty; " + SHAPE);
        }
        JsonNode request;
        try {
            request = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidParameterException(FIELD, "is required, and the body is not JSON; " + SHAPE);
        }
        if (request == null || !request.isObject()) {
            throw new InvalidParameterException(FIELD, "is required, and the body is not a JSON object; " + SHAPE);
        }
        return request;
    }
}
