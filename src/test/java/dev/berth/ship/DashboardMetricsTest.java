package dev.berth.ship;

import static dev.berth.testing.GitHubDeliveries.fixture;
import static dev.berth.testing.GitHubDeliveries.newDelivery;
import static dev.berth.testing.GitHubDeliveries.send;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.testing.Poll;
import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every metric the Grafana dashboard ({@code deploy/grafana/berth-dashboard.json}) and the metrics reference
 * ({@code docs/metrics.md}) name is one berth really exposes: present in {@code /q/metrics} of a running berth after a
 * few webhooks, or, for the meters that appear only after a deployment, check, rollback or notification
 * ({@link #AFTER_EVENTS}), declared with that name and type in {@code src/main/java}.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
class DashboardMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern METRIC = Pattern.compile("\\bberth_[a-z_]+[a-z]");
    private static final Pattern SUFFIX = Pattern.compile("(_seconds)?(_total|_bucket|_count|_sum|_max)?$");

    /** Micrometer names of meters registered on their first event, not at start (docs/metrics.md says which). */
    static final Set<String> AFTER_EVENTS = Set.of("berth.deployments", "berth.deployment.duration", "berth.checks",
            "berth.rollbacks", "berth.rollbacks.failed", "berth.rollback.duration", "berth.notifications");

    @BeforeEach
    void exercise() {
        send("ping", newDelivery(), fixture("ping/0.json")).statusCode(200);
        send("push", newDelivery(), fixture("push/4.json")).statusCode(202);
        Poll.until(Duration.ofSeconds(30), "berth_events_stream_length measured", () -> scrape().lines()
                .anyMatch(l -> l.startsWith("berth_events_stream_length ") && !l.endsWith("NaN")));
    }

    @Test
    void dashboardIsGrafanaSchema39WithAPrometheusDatasourceVariable() throws IOException {
        JsonNode d = JSON.readTree(Path.of("deploy/grafana/berth-dashboard.json").toFile());
        assertEquals(39, d.get("schemaVersion").asInt());
        JsonNode ds = d.at("/templating/list/0");
        assertEquals("datasource", ds.get("type").asText());
        assertEquals("prometheus", ds.get("query").asText());
        assertTrue(d.get("panels").size() >= 8);
        for (JsonNode panel : d.get("panels")) {
            assertEquals("${datasource}", panel.at("/datasource/uid").asText(), panel.get("title").asText());
            assertFalse(panel.get("targets").isEmpty(), panel.get("title").asText());
        }
    }

    @Test
    void everyMetricOfTheDashboardIsExposed() throws IOException {
        List<String> expressions = new ArrayList<>();
        JsonNode d = JSON.readTree(Path.of("deploy/grafana/berth-dashboard.json").toFile());
        d.findValues("expr").forEach(e -> expressions.add(e.asText()));
        d.findValues("definition").forEach(e -> expressions.add(e.asText()));
        Set<String> names = metricNames(String.join("\n", expressions));
        assertTrue(names.contains("berth_webhooks_total"), names.toString());
        assertExposed(names, "deploy/grafana/berth-dashboard.json");
    }

    @Test
    void everyMetricOfTheReferenceIsExposed() throws IOException {
        String doc = Files.readString(Path.of("docs/metrics.md"));
        int added = doc.indexOf("## Added in this release");
        assertTrue(added > 0, "docs/metrics.md keeps the metrics other branches add in their own section");
        assertExposed(metricNames(doc.substring(0, added)), "docs/metrics.md");
    }

    private static void assertExposed(Set<String> names, String where) throws IOException {
        String scraped = scrape();
        Set<String> exposed = scraped.lines().filter(l -> !l.startsWith("#"))
                .map(l -> l.replaceAll("[{ ].*", "")).collect(Collectors.toSet());
        String source = mainSource();
        List<String> wrong = new ArrayList<>();
        for (String name : names) {
            String base = SUFFIX.matcher(name).replaceFirst("").replace('_', '.');
            if (AFTER_EVENTS.contains(base)) {
                String problem = declaredAs(name, base, source);
                if (problem != null) {
                    wrong.add(problem);
                }
            } else if (!exposed.contains(name)) {
                wrong.add(name + " is not in /q/metrics");
            }
        }
        assertTrue(wrong.isEmpty(), where + ": " + wrong);
    }

    /** Null when {@code name} is how Prometheus renders the meter {@code base} declared in the source. */
    private static String declaredAs(String name, String base, String source) {
        String q = Pattern.quote("\"" + base + "\"");
        boolean counter = Pattern.compile("(Counter\\.builder|\\.counter)\\(" + q).matcher(source).find();
        boolean timer = Pattern.compile("(Timer\\.builder|\\.timer)\\(" + q).matcher(source).find();
        if (counter) {
            return name.endsWith("_total") ? null : name + ": " + base + " is a counter, rendered as _total";
        }
        if (timer) {
            return name.matches(".*_seconds_(count|sum|max)") ? null
                    : name + ": " + base + " is a timer without histogram: _seconds_count, _sum, _max";
        }
        return name + ": no meter " + base + " in src/main/java";
    }

    private static Set<String> metricNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static String mainSource() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            StringBuilder all = new StringBuilder();
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(p)).append('\n');
            }
            return all.toString();
        }
    }
}
