package io.gfsbackup.deploy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * An IAM policy document (identity or trust policy) as written in {@code docs/iam/}: its actions, the same policy
 * with one action removed or its placeholders ({@code <SERVICE_ACCOUNT_ID>} ...) filled in, and the form moto
 * evaluates ({@link #forMoto()}). Immutable.
 */
public final class IamPolicy {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("<[A-Z_]+>");

    private final ObjectNode document;

    private IamPolicy(ObjectNode document) {
        this.document = document;
    }

    /** Reads a policy document; a file that is not one is refused with its name and what is wrong. */
    public static IamPolicy read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the IAM policy " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static IamPolicy parse(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (!(node instanceof ObjectNode object) || !"2012-10-17".equals(object.path("Version").asText())) {
            throw new IllegalArgumentException("an IAM policy is an object with \"Version\": \"2012-10-17\"");
        }
        if (!object.path("Statement").isArray() || object.path("Statement").isEmpty()) {
            throw new IllegalArgumentException("\"Statement\" must be a non-empty array");
        }
        for (JsonNode statement : object.get("Statement")) {
            String sid = statement.path("Sid").asText("(no Sid)");
            if (!"Allow".equals(statement.path("Effect").asText())) {
                throw new IllegalArgumentException("statement " + sid + ": \"Effect\" must be \"Allow\"");
            }
            if (strings(statement.path("Action")).isEmpty()) {
                throw new IllegalArgumentException("statement " + sid + ": \"Action\" must name at least one action");
            }
            if (!statement.has("Resource") && !statement.has("Principal")) {
                throw new IllegalArgumentException("statement " + sid + ": needs \"Resource\" (identity policy) or "
                        + "\"Principal\" (trust policy)");
            }
        }
        return new IamPolicy(object);
    }

    /** Every action the policy allows, as written (for example {@code dynamodb:PutItem}), in order, once each. */
    public Set<String> actions() {
        Set<String> actions = new LinkedHashSet<>();
        for (JsonNode statement : document.get("Statement")) {
            actions.addAll(strings(statement.path("Action")));
        }
        return actions;
    }

    /** The resources of the statements that allow {@code action}. */
    public Set<String> resourcesOf(String action) {
        Set<String> resources = new LinkedHashSet<>();
        for (JsonNode statement : document.get("Statement")) {
            if (strings(statement.path("Action")).contains(action)) {
                resources.addAll(strings(statement.path("Resource")));
            }
        }
        return resources;
    }

    /** The same policy without {@code action} in any statement; a statement left with no action is dropped. */
    public IamPolicy without(String action) {
        if (!actions().contains(action)) {
            throw new IllegalArgumentException("the policy does not allow " + action + "; it allows " + actions());
        }
        ObjectNode copy = document.deepCopy();
        ArrayNode statements = (ArrayNode) copy.get("Statement");
        for (Iterator<JsonNode> it = statements.elements(); it.hasNext(); ) {
            ObjectNode statement = (ObjectNode) it.next();
            List<String> left = new ArrayList<>(strings(statement.path("Action")));
            left.remove(action);
            if (left.isEmpty()) {
                it.remove();
            } else {
                statement.set("Action", array(left));
            }
        }
        if (statements.isEmpty()) {
            // IAM refuses a policy without statements; one that allows nothing of interest stands in for it
            statements.add(JSON.createObjectNode().put("Effect", "Allow").put("Action", "none:Nothing")
                    .put("Resource", "*"));
        }
        return new IamPolicy(copy);
    }

    /** The same policy with each {@code <PLACEHOLDER>} replaced; a placeholder left unfilled is refused. */
    public IamPolicy filledIn(Map<String, String> values) {
        IamPolicy filled = mapStrings(text -> {
            String result = text;
            for (Map.Entry<String, String> value : values.entrySet()) {
                result = result.replace("<" + value.getKey() + ">", value.getValue());
            }
            return result;
        });
        Matcher left = PLACEHOLDER.matcher(filled.json());
        if (left.find()) {
            throw new IllegalArgumentException("no value for the placeholder " + left.group() + "; given: "
                    + values.keySet());
        }
        return filled;
    }

    /** The same policy with every string value (not the keys) passed through {@code map}. */
    public IamPolicy mapStrings(UnaryOperator<String> map) {
        return new IamPolicy((ObjectNode) mapped(document, map));
    }

    /**
     * The policy as moto 5.1 must be given it to evaluate its actions as AWS would:
     * <ul>
     * <li>moto matches a statement's {@code Resource} against {@code "*"} for every call except STS and IAM ones (it
     * does not work out the table or backup a call is about), so a scoped resource would refuse every DynamoDB call:
     * statements without {@code sts:} or {@code iam:} actions get {@code "Resource": "*"};</li>
     * <li>moto names the Resource Groups Tagging API's actions after its signing name, {@code tagging:}, where IAM
     * says {@code tag:}: {@code tag:GetResources} becomes {@code tagging:GetResources}.</li>
     * </ul>
     * An {@code sts:AssumeRole} statement keeps its resources: moto compares them with the role ARN asked for.
     */
    public String forMoto() {
        ObjectNode copy = document.deepCopy();
        for (JsonNode node : copy.get("Statement")) {
            ObjectNode statement = (ObjectNode) node;
            List<String> actions = strings(statement.path("Action"));
            boolean checkedByMoto = actions.stream().anyMatch(a -> a.startsWith("sts:") || a.startsWith("iam:"));
            boolean notChecked = actions.stream().anyMatch(a -> !a.startsWith("sts:") && !a.startsWith("iam:"));
            if (checkedByMoto && notChecked && statement.has("Resource")) {
                throw new IllegalArgumentException("statement " + statement.path("Sid").asText("(no Sid)")
                        + " mixes STS or IAM actions with others; keep them apart so that their resources stay exact");
            }
            if (notChecked && statement.has("Resource")) {
                statement.put("Resource", "*");
            }
            statement.set("Action", array(actions.stream().map(IamPolicy::motoName).toList()));
        }
        return copy.toString();
    }

    /**
     * The name moto gives an IAM action (in its policies and its {@code AccessDenied} messages): the same, except
     * {@code tagging:} for the Resource Groups Tagging API's {@code tag:}.
     */
    public static String motoName(String action) {
        return action.startsWith("tag:") ? "tagging:" + action.substring("tag:".length()) : action;
    }

    /** This policy's statements followed by {@code other}'s (their Sids must differ). */
    public IamPolicy plus(IamPolicy other) {
        ObjectNode copy = document.deepCopy();
        other.document.get("Statement").forEach(statement -> ((ArrayNode) copy.get("Statement")).add(statement.deepCopy()));
        return new IamPolicy(copy);
    }

    /** The document as JSON. */
    public String json() {
        return document.toString();
    }

    @Override
    public String toString() {
        return json();
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isTextual()) {
            values.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(value -> values.add(value.asText()));
        }
        return values;
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static JsonNode mapped(JsonNode node, UnaryOperator<String> map) {
        if (node.isTextual()) {
            return TextNode.valueOf(map.apply(node.asText()));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> copy.set(field.getKey(), mapped(field.getValue(), map)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(mapped(element, map)));
            return copy;
        }
        return node.deepCopy();
    }
}
