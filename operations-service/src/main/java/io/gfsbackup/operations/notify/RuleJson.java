package io.gfsbackup.operations.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gfsbackup.contracts.policy.Validated;
import io.gfsbackup.contracts.policy.Violation;
import io.gfsbackup.operations.notify.NotificationRule.DigestTime;
import io.gfsbackup.operations.notify.NotificationRule.Draft;
import io.gfsbackup.operations.notify.channel.ChannelSettings;
import io.gfsbackup.operations.notify.channel.ChannelType;

/**
 * The JSON form of a notification rule. {@link #read} never throws for bad input: it returns the rule, or every
 * problem found at once (malformed JSON, unknown fields, wrong types, missing or invalid values), each naming its
 * field path and what would be valid, as policies are validated. {@link #masked} is the only shape a rule leaves the
 * service in: a webhook's secret and a Slack webhook URL (which is itself a secret) are replaced by
 * {@value #MASK}; a request that sends such a mask back, or leaves the secret out, keeps the stored secret.
 */
public final class RuleJson {

    /** Stands for a stored secret in every answer; sent back in a request, it keeps that secret. */
    public static final String MASK = "********";
    public static final int MAX_NAME_LENGTH = 128;
    public static final int MIN_SECRET_LENGTH = 16;
    public static final int MAX_SECRET_LENGTH = 512;
    public static final int MAX_POLICIES = 1000;
    public static final int MAX_RECIPIENTS = 50;

    static final List<String> RULE_FIELDS = List.of("name", "enabled", "events", "policies", "channel", "digest");
    static final List<String> DIGEST_FIELDS = List.of("hour", "timeZone");
    static final Pattern TOPIC_ARN = Pattern.compile(
            "arn:aws[a-z-]*:sns:[a-z]{2}(-[a-z]+)+-\\d{1,2}:\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");
    static final Pattern ADDRESS = Pattern.compile("[^@\\s<>,;\"]{1,64}@[^@\\s<>,;\"]{1,255}");

    private static final ObjectMapper PARSER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final List<Violation> violations = new ArrayList<>();
    private final ChannelType keepable;

    private RuleJson(ChannelType keepable) {
        this.keepable = keepable;
    }

    /**
     * Reads and validates a rule from JSON text.
     *
     * @param keepable the channel type of the stored rule whose secret may be kept (a replace); null for a new rule
     */
    public static Validated<Draft> read(String json, ChannelType keepable) {
        RuleJson reader = new RuleJson(keepable);
        if (json == null || json.isBlank()) {
            return Validated.invalid(List.of(new Violation("", "a rule is required; send a JSON object with "
                    + String.join(", ", RULE_FIELDS))));
        }
        JsonNode root;
        try {
            root = PARSER.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            return Validated.invalid(List.of(new Violation("", "malformed JSON" + where + ": "
                    + e.getOriginalMessage() + "; send one JSON object")));
        }
        return reader.rule(root);
    }

    /** The rule as the API shows it: every field, secrets masked. */
    public static ObjectNode masked(NotificationRule rule) {
        ObjectNode json = NODES.objectNode();
        json.put("name", rule.name());
        json.put("enabled", rule.enabled());
        json.set("events", NODES.arrayNode().addAll(rule.events().stream().map(e -> NODES.textNode(e.name()))
                .toList()));
        json.set("policies", NODES.arrayNode().addAll(rule.policies().stream()
                .map(p -> NODES.textNode(p.toString())).toList()));
        json.set("channel", channel(rule.channel(), true));
        if (rule.digest() != null) {
            json.set("digest", NODES.objectNode().put("hour", rule.digest().hour())
                    .put("timeZone", rule.digest().timeZone().getId()));
        }
        return json;
    }

    /** The channel as stored: with its secret. */
    public static String stored(ChannelSettings channel) {
        return channel(channel, false).toString();
    }

    /** A stored channel, read back (it was valid when stored). */
    public static ChannelSettings storedChannel(String json) {
        RuleJson reader = new RuleJson(null);
        try {
            ChannelSettings channel = reader.channel(PARSER.readTree(json), "channel").settings;
            if (channel == null || !reader.violations.isEmpty()) {
                throw new IllegalStateException("a stored channel is not valid: " + reader.violations);
            }
            return channel;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored channel is not JSON", e);
        }
    }

    /** A Slack webhook URL as the API shows it: its scheme and host, the rest masked. */
    public static String maskUrl(URI url) {
        return url.getScheme() + "://" + url.getHost() + "/" + MASK;
    }

    private static ObjectNode channel(ChannelSettings settings, boolean mask) {
        ObjectNode json = NODES.objectNode().put("type", settings.type().name());
        if (settings instanceof ChannelSettings.Webhook webhook) {
            json.put("url", webhook.url().toString()).put("secret", mask ? MASK : webhook.secret());
        } else if (settings instanceof ChannelSettings.Slack slack) {
            json.put("webhookUrl", mask ? maskUrl(slack.webhookUrl()) : slack.webhookUrl().toString());
        } else if (settings instanceof ChannelSettings.Sns sns) {
            json.put("topicArn", sns.topicArn());
        } else if (settings instanceof ChannelSettings.Email email) {
            json.set("to", NODES.arrayNode().addAll(email.to().stream().map(NODES::textNode).toList()));
        }
        return json;
    }

    private Validated<Draft> rule(JsonNode root) {
        if (!root.isObject()) {
            report("", "a rule must be a JSON object with " + String.join(", ", RULE_FIELDS) + "; got "
                    + describe(root));
            return Validated.invalid(violations);
        }
        checkFields(root, "", RULE_FIELDS);
        String name = name(root.get("name"));
        boolean enabled = enabled(root.get("enabled"));
        Set<NotificationEvent> events = events(root.get("events"));
        List<UUID> policies = policies(root.get("policies"));
        Channel channel = absent(root.get("channel")) ? null : channel(root.get("channel"), "channel");
        if (absent(root.get("channel"))) {
            report("channel", "is required; use {\"type\": \"WEBHOOK\", \"url\", \"secret\"}, {\"type\": \"SLACK\","
                    + " \"webhookUrl\"}, {\"type\": \"SNS\", \"topicArn\"} or {\"type\": \"EMAIL\", \"to\": [...]}");
        }
        DigestTime digest = digest(root.get("digest"), events);
        if (!violations.isEmpty()) {
            return Validated.invalid(violations);
        }
        return Validated.valid(new Draft(name, enabled, events, policies, channel.settings, channel.keepSecret,
                digest));
    }

    private String name(JsonNode node) {
        String hint = "a name of 1 to " + MAX_NAME_LENGTH + " printable characters";
        if (absent(node)) {
            report("name", "is required; give the rule " + hint);
            return null;
        }
        if (!node.isTextual()) {
            report("name", describe(node) + " is not a string; use " + hint);
            return null;
        }
        String name = node.textValue();
        if (name.isBlank()) {
            report("name", "is blank; use " + hint);
        } else if (name.length() > MAX_NAME_LENGTH) {
            report("name", "has " + name.length() + " characters; at most " + MAX_NAME_LENGTH + " are allowed");
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            report("name", "contains a control character; a name is printable text");
        }
        return name;
    }

    private boolean enabled(JsonNode node) {
        if (absent(node)) {
            return true;
        }
        if (!node.isBoolean()) {
            report("enabled", describe(node) + " is not a boolean; use true or false (default true)");
            return true;
        }
        return node.booleanValue();
    }

    private Set<NotificationEvent> events(JsonNode node) {
        Set<NotificationEvent> events = EnumSet.noneOf(NotificationEvent.class);
        String valid = "one or more of " + names(NotificationEvent.values());
        if (absent(node)) {
            report("events", "is required; list " + valid);
            return events;
        }
        if (!node.isArray()) {
            report("events", describe(node) + " is not an array; list " + valid);
            return events;
        }
        if (node.isEmpty()) {
            report("events", "is empty; list " + valid);
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            String at = "events[" + i + "]";
            NotificationEvent event = element.isTextual() ? parse(NotificationEvent.class, element.textValue()) : null;
            if (event == null) {
                report(at, describe(element) + " is not an event; use one of " + names(NotificationEvent.values()));
            } else if (!events.add(event)) {
                report(at, event + " is listed twice; list each event once");
            }
        }
        return events;
    }

    private List<UUID> policies(JsonNode node) {
        List<UUID> policies = new ArrayList<>();
        if (absent(node)) {
            return policies;
        }
        if (!node.isArray()) {
            report("policies", describe(node) + " is not an array; list policy ids, or leave it empty for every"
                    + " policy");
            return policies;
        }
        if (node.size() > MAX_POLICIES) {
            report("policies", "lists " + node.size() + " policies; at most " + MAX_POLICIES + " (or none: every"
                    + " policy)");
        }
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            String at = "policies[" + i + "]";
            UUID id = element.isTextual() ? uuid(element.textValue()) : null;
            if (id == null) {
                report(at, describe(element) + " is not a policy id; use the UUID of a policy, e.g."
                        + " 3f1c0a4e-9b7d-4c2a-8e5f-1a2b3c4d5e6f");
            } else if (!seen.add(id)) {
                report(at, id + " is listed twice; list each policy once");
            } else {
                policies.add(id);
            }
        }
        return policies;
    }

    /** A channel read from its JSON, and whether its secret is to be kept from the stored rule. */
    private record Channel(ChannelSettings settings, boolean keepSecret) {
    }

    private Channel channel(JsonNode node, String path) {
        String types = names(ChannelType.values());
        if (!node.isObject()) {
            report(path, describe(node) + " is not an object; use an object with type (" + types + ") and that"
                    + " type's fields");
            return new Channel(null, false);
        }
        JsonNode typeNode = node.get("type");
        ChannelType type = !absent(typeNode) && typeNode.isTextual() ? parse(ChannelType.class, typeNode.textValue())
                : null;
        if (type == null) {
            report(path + ".type", (absent(typeNode) ? "is required" : describe(typeNode) + " is not a channel type")
                    + "; use one of " + types);
            return new Channel(null, false);
        }
        return switch (type) {
            case WEBHOOK -> webhook(node, path);
            case SLACK -> slack(node, path);
            case SNS -> sns(node, path);
            case EMAIL -> email(node, path);
        };
    }

    private Channel webhook(JsonNode node, String path) {
        checkFields(node, path, List.of("type", "url", "secret"));
        URI url = url(node.get("url"), path + ".url", "the receiver's URL, e.g. https://ops.example.com/hooks/backup");
        JsonNode secretNode = node.get("secret");
        String at = path + ".secret";
        String hint = "the shared secret the receiver checks the HMAC-SHA256 signature with, " + MIN_SECRET_LENGTH
                + " to " + MAX_SECRET_LENGTH + " printable characters";
        if (absent(secretNode) || (secretNode.isTextual() && secretNode.textValue().contains(MASK))) {
            if (keep(ChannelType.WEBHOOK, at, hint)) {
                return new Channel(url == null ? null : new ChannelSettings.Webhook(url, null), true);
            }
            return new Channel(null, false);
        }
        if (!secretNode.isTextual()) {
            report(at, describe(secretNode) + " is not a string; use " + hint);
            return new Channel(null, false);
        }
        String secret = secretNode.textValue();
        if (secret.length() < MIN_SECRET_LENGTH || secret.length() > MAX_SECRET_LENGTH
                || secret.chars().anyMatch(Character::isISOControl)) {
            report(at, "has " + secret.length() + " characters" + (secret.chars().anyMatch(Character::isISOControl)
                    ? " with a control character" : "") + "; use " + hint);
            return new Channel(null, false);
        }
        return new Channel(url == null ? null : new ChannelSettings.Webhook(url, secret), false);
    }

    private Channel slack(JsonNode node, String path) {
        checkFields(node, path, List.of("type", "webhookUrl"));
        JsonNode urlNode = node.get("webhookUrl");
        String at = path + ".webhookUrl";
        String hint = "the Slack incoming-webhook URL, e.g. https://hooks.slack.com/services/T000/B000/XXXX";
        if (absent(urlNode) || (urlNode.isTextual() && urlNode.textValue().contains(MASK))) {
            return keep(ChannelType.SLACK, at, hint) ? new Channel(new ChannelSettings.Slack(null), true)
                    : new Channel(null, false);
        }
        URI url = url(urlNode, at, hint);
        return new Channel(url == null ? null : new ChannelSettings.Slack(url), false);
    }

    private Channel sns(JsonNode node, String path) {
        checkFields(node, path, List.of("type", "topicArn"));
        JsonNode arn = node.get("topicArn");
        String hint = "an SNS topic ARN, e.g. arn:aws:sns:us-east-1:123456789012:backup-alerts";
        if (absent(arn)) {
            report(path + ".topicArn", "is required; use " + hint);
        } else if (!arn.isTextual() || !TOPIC_ARN.matcher(arn.textValue()).matches()) {
            report(path + ".topicArn", describe(arn) + " is not " + hint);
        } else {
            return new Channel(new ChannelSettings.Sns(arn.textValue()), false);
        }
        return new Channel(null, false);
    }

    private Channel email(JsonNode node, String path) {
        checkFields(node, path, List.of("type", "to"));
        JsonNode to = node.get("to");
        String at = path + ".to";
        String hint = "a list of 1 to " + MAX_RECIPIENTS + " e-mail addresses, e.g. [\"ops@example.com\"]";
        if (absent(to) || !to.isArray() || to.isEmpty() || to.size() > MAX_RECIPIENTS) {
            report(at, (absent(to) ? "is required" : to.isArray() ? "lists " + to.size() + " addresses"
                    : describe(to) + " is not an array") + "; use " + hint);
            return new Channel(null, false);
        }
        List<String> addresses = new ArrayList<>();
        boolean valid = true;
        for (int i = 0; i < to.size(); i++) {
            JsonNode element = to.get(i);
            if (!element.isTextual() || !ADDRESS.matcher(element.textValue()).matches()) {
                report(at + "[" + i + "]", describe(element) + " is not an e-mail address; use e.g. ops@example.com");
                valid = false;
            } else if (addresses.contains(element.textValue())) {
                report(at + "[" + i + "]", element.textValue() + " is listed twice; list each address once");
                valid = false;
            } else {
                addresses.add(element.textValue());
            }
        }
        return new Channel(valid ? new ChannelSettings.Email(addresses) : null, false);
    }

    /** Whether the stored secret of a channel of {@code type} can be kept; reports why not. */
    private boolean keep(ChannelType type, String at, String hint) {
        if (keepable == type) {
            return true;
        }
        if (keepable == null) {
            report(at, "is required; use " + hint + " (" + MASK + " stands for a stored secret, which a new rule"
                    + " does not have)");
        } else {
            report(at, "is required: the stored rule's channel is " + keepable + ", so there is no " + type
                    + " secret to keep; use " + hint);
        }
        return false;
    }

    private URI url(JsonNode node, String at, String hint) {
        if (absent(node)) {
            report(at, "is required; use " + hint);
            return null;
        }
        if (node.isTextual()) {
            try {
                URI url = new URI(node.textValue());
                if (("https".equals(url.getScheme()) || "http".equals(url.getScheme())) && url.getHost() != null
                        && url.getRawUserInfo() == null && url.getRawFragment() == null) {
                    return url;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
        }
        report(at, describe(node) + " is not an http or https URL with a host (and no user or fragment); use " + hint);
        return null;
    }

    private DigestTime digest(JsonNode node, Set<NotificationEvent> events) {
        boolean wanted = events.contains(NotificationEvent.DAILY_DIGEST);
        String hint = "{\"hour\": 0 to 23, \"timeZone\": an IANA time-zone id such as Europe/Berlin}";
        if (absent(node)) {
            if (wanted) {
                report("digest", "is required when events has DAILY_DIGEST; use " + hint);
            }
            return null;
        }
        if (!wanted) {
            report("digest", "is only for DAILY_DIGEST; add DAILY_DIGEST to events or leave digest out");
            return null;
        }
        if (!node.isObject()) {
            report("digest", describe(node) + " is not an object; use " + hint);
            return null;
        }
        checkFields(node, "digest", DIGEST_FIELDS);
        JsonNode hourNode = node.get("hour");
        Integer hour = null;
        if (absent(hourNode) || !hourNode.isIntegralNumber() || hourNode.asLong() < 0 || hourNode.asLong() > 23) {
            report("digest.hour", (absent(hourNode) ? "is required" : describe(hourNode) + " is not an hour")
                    + "; use a whole number from 0 to 23 (the hour of the day in timeZone)");
        } else {
            hour = hourNode.intValue();
        }
        JsonNode zoneNode = node.get("timeZone");
        ZoneId zone = absent(zoneNode) || !zoneNode.isTextual() ? null : zone(zoneNode.textValue());
        if (zone == null) {
            report("digest.timeZone", (absent(zoneNode) ? "is required" : describe(zoneNode)
                    + " is not an IANA time-zone id") + "; use e.g. Europe/Berlin or UTC");
        }
        return hour == null || zone == null ? null : new DigestTime(hour, zone);
    }

    private static ZoneId zone(String id) {
        try {
            ZoneId zone = ZoneId.of(id);
            return ZoneId.getAvailableZoneIds().contains(zone.getId()) || "UTC".equals(zone.getId()) ? zone : null;
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static UUID uuid(String text) {
        try {
            UUID id = UUID.fromString(text);
            return id.toString().equalsIgnoreCase(text) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String text) {
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(text)) {
                return value;
            }
        }
        return null;
    }

    private void checkFields(JsonNode object, String path, List<String> allowed) {
        Iterator<String> fields = object.fieldNames();
        while (fields.hasNext()) {
            String field = fields.next();
            if (!allowed.contains(field)) {
                report(path.isEmpty() ? field : path + "." + field, "unknown field; valid fields here are "
                        + String.join(", ", allowed));
            }
        }
    }

    private void report(String field, String message) {
        violations.add(new Violation(field, message));
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static String describe(JsonNode node) {
        if (absent(node)) {
            return "null";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        String text = node.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
    }
}
