package dev.berth.api;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * Gives every per-listener HTTP server meter a {@code server_port} tag. Quarkus adds it only for a listener with a
 * port above 0, and Prometheus refuses one meter name with two sets of tag keys: with the management interface on,
 * a listener on a random port (0) next to one on a fixed port stopped the second listener's start. A listener
 * without the tag is tagged {@code server_port="0"}, the port it was configured with (docs/install.md).
 */
@Singleton
public class ServerPortTag implements MeterFilter {

    static final String TAG = "server.port";
    /** The meters Quarkus 3.34 creates per listener with its common tags (NetworkMetrics, VertxHttpServerMetrics). */
    static final Set<String> PER_LISTENER = Set.of("http.server.bytes.read", "http.server.bytes.written",
            "http.server.connections", "http.server.active.connections", "http.server.errors",
            "http.server.active.requests");

    @Override
    public Meter.Id map(Meter.Id id) {
        if (PER_LISTENER.contains(id.getName()) && id.getTag(TAG) == null) {
            return id.withTag(Tag.of(TAG, "0"));
        }
        return id;
    }
}
