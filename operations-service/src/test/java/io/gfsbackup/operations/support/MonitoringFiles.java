package io.gfsbackup.operations.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The PromQL of {@code deploy/monitoring}: every {@code expr} of the alerting rules and every query of the Grafana
 * dashboard (panel targets, nested rows included, and the queries of its variables), and the metric names each uses.
 */
public final class MonitoringFiles {

    /** Series Prometheus makes itself, for every scrape target and alert: no service exports them. */
    public static final Set<String> MADE_BY_PROMETHEUS = Set.of("up", "scrape_duration_seconds",
            "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added", "ALERTS",
            "ALERTS_FOR_STATE");

    /** PromQL's keywords and aggregation operators: words that are not metric names when not followed by "(". */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "inf", "nan", "sum", "min", "max", "avg", "group",
            "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio",
            "start", "end");
    private static final Pattern IDENTIFIER =
            Pattern.compile("(?<![A-Za-z0-9_:.])([A-Za-z_:][A-Za-z0-9_:]*)(\\s*\\()?");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([A-Za-z_:][A-Za-z0-9_:]*)\\s*,");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private MonitoringFiles() {
    }

    /** {@code deploy/monitoring} of the project, found from the working directory (a module's directory). */
    public static Path directory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/monitoring");
            if (Files.isDirectory(candidate) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no deploy/monitoring above " + Path.of("").toAbsolutePath());
    }

    /** Each alert's name and its expression, from a rules file's text. */
    public static Map<String, String> ruleExpressions(String rulesYaml) {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (JsonNode group : read(YAML, rulesYaml).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.hasNonNull("alert") ? rule.get("alert").asText() : rule.path("record").asText();
                expressions.put(name, rule.path("expr").asText());
            }
        }
        return expressions;
    }

    /** Each query of a dashboard, by where it is (panel title and refId, or variable name). */
    public static Map<String, String> dashboardQueries(String dashboardJson) {
        Map<String, String> queries = new LinkedHashMap<>();
        JsonNode dashboard = read(JSON, dashboardJson);
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        for (int i = 0; i < panels.size(); i++) {
            JsonNode panel = panels.get(i);
            panel.path("panels").forEach(panels::add); // a row's panels
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    queries.put(panel.path("title").asText() + " " + target.path("refId").asText(),
                            target.get("expr").asText());
                }
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode query = variable.path("query");
                queries.put("variable " + variable.path("name").asText(),
                        query.isTextual() ? query.asText() : query.path("query").asText());
            }
        }
        return queries;
    }

    /**
     * The metric names a PromQL expression (or a Grafana variable query) selects: identifiers outside strings, label
     * matchers, ranges and label lists that are neither keywords, aggregation operators nor functions (a name
     * followed by "("), with Grafana's {@code $variables} left out. {@code label_values(metric, label)} names its
     * metric.
     */
    public static Set<String> metricNames(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher labelValues = LABEL_VALUES.matcher(expression);
        if (labelValues.find()) {
            names.add(labelValues.group(1));
            return names;
        }
        String text = expression
                .replaceAll("\"(\\\\.|[^\"\\\\])*\"", " ")
                .replaceAll("'(\\\\.|[^'\\\\])*'", " ")
                .replaceAll("`[^`]*`", " ")
                .replaceAll("\\$\\{[^}]*}|\\$[A-Za-z_][A-Za-z0-9_]*", " ")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("(?i)\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " $1 ")
                .replaceAll("(?i)\\boffset\\s+-?[0-9a-z]+", " ");
        Matcher identifier = IDENTIFIER.matcher(text);
        while (identifier.find()) {
            String name = identifier.group(1);
            if (identifier.group(2) == null && !KEYWORDS.contains(name.toLowerCase(Locale.ROOT))) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * The names {@code queries} use that are neither in {@code exported} nor made by Prometheus, each with where it
     * is used. Histogram and summary series ({@code _bucket}, {@code _count}, {@code _sum}) are in a scrape under
     * those names, so {@code exported} (sample names) holds them as they are queried.
     */
    public static Map<String, String> missing(Map<String, String> queries, Set<String> exported) {
        Map<String, String> missing = new LinkedHashMap<>();
        queries.forEach((where, query) -> {
            for (String name : metricNames(query)) {
                if (!exported.contains(name) && !MADE_BY_PROMETHEUS.contains(name)) {
                    missing.merge(name, where, (a, b) -> a + "; " + b);
                }
            }
        });
        return missing;
    }

    public static String text(String file) {
        try {
            return Files.readString(directory().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(ObjectMapper mapper, String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a valid document: " + e.getMessage(), e);
        }
    }
}
