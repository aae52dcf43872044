package dev.berth.testing;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads values from the Prometheus text served at /q/metrics by the berth under test. */
public final class Metrics {

    private Metrics() {
    }

    /** The value of an untagged gauge, or null when /q/metrics does not list it. */
    public static Double gauge(String name) {
        Pattern line = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)$");
        Matcher m = line.matcher(given().get("/q/metrics").asString());
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }
}
