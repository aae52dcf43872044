package dev.berth.config;

import dev.berth.domain.AppName;
import dev.berth.domain.EnvName;
import dev.berth.domain.ImageRef;
import dev.berth.domain.Printable;
import dev.berth.domain.ServiceName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the top level of app.yaml, given the app's name and its (already read) compose file. */
final class AppYamlReader {

    static final List<String> KEYS = List.of("image", "services", "track", "environments");

    private AppYamlReader() {
    }

    /** The app, or empty when {@code problems} (or the compose file's problems) say why not. */
    static Optional<AppDefinition> read(YamlMap app, AppName name, Optional<ComposeFile> compose, String composePath,
            List<String> sources) {
        int before = app.problems().count();
        app.allow(KEYS);
        app.require("image");
        Optional<ImageRef> image = app.parsed("image", AppYamlReader::repository);
        List<ServiceName> services = new ArrayList<>();
        if (app.require("services")) {
            app.list("services").ifPresent(items -> services(app, items, compose, composePath, services));
        }
        Optional<TrackPolicy> track = Optional.empty();
        Optional<java.time.Duration> poll = Optional.empty();
        if (app.require("track")) {
            track = app.map("track").flatMap(TrackReader::read);
            poll = app.map("track").flatMap(TrackReader::poll);
        }
        List<EnvironmentSpec> envs = new ArrayList<>();
        if (app.require("environments")) {
            app.list("environments").ifPresent(items -> environments(app, items, envs));
        }
        if (image.isEmpty() || track.isEmpty() || compose.isEmpty()) {
            return Optional.empty();
        }
        ImageRef repo = image.get();
        TrackPolicy policy = track.get();
        String content = compose.get().content();
        Optional<java.time.Duration> interval = poll;
        return app.build(before, () -> new AppDefinition(name, repo, services, policy, envs, content,
                Sha256.hex(content), sources, interval));
    }

    private static Optional<EnvName> envName(YamlMap env) {
        if (env.value("name").orElse(null) instanceof org.yaml.snakeyaml.nodes.ScalarNode scalar) {
            try {
                return Optional.of(new EnvName(scalar.getValue()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static ImageRef repository(String text) {
        ImageRef ref = ImageRef.parse(text);
        if (ref.tag() != null || ref.digest() != null) {
            throw new IllegalArgumentException("'" + Printable.clip(text)
                    + "' names a tag or digest; image is the repository only (the tag policy goes under track:)");
        }
        return ref;
    }

    private static void services(YamlMap app, List<Node> items, Optional<ComposeFile> compose, String composePath,
            List<ServiceName> out) {
        if (items.isEmpty()) {
            app.problems().add(app.value("services").orElseThrow(), "services", "needs at least one service");
        }
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String path = "services[" + i + "]";
            Nodes.parsed(item, path, app.problems(), ServiceName::new).ifPresent(service -> {
                if (out.contains(service)) {
                    app.problems().add(item, path, "'" + service + "' is listed twice");
                } else if (compose.isPresent() && !compose.get().has(service)) {
                    app.problems().add(item, path, "'" + service + "' is not a service of " + composePath
                            + " (it has: " + String.join(", ", compose.get().services()) + ")");
                }
                out.add(service);
            });
        }
    }

    private static void environments(YamlMap app, List<Node> items, List<EnvironmentSpec> out) {
        if (items.isEmpty()) {
            app.problems().add(app.value("environments").orElseThrow(), "environments",
                    "needs at least one environment");
        }
        Map<EnvName, String> seen = new HashMap<>();
        EnvironmentReader.each(items, "environments", app.problems(), env -> {
            // EnvironmentReader reports a bad name; here only valid names are compared.
            envName(env).ifPresent(n -> {
                String first = seen.putIfAbsent(n, env.path());
                if (first != null) {
                    env.problems().add(env.value("name").orElseThrow(), env.child("name"),
                            "environment '" + n + "' is already defined by " + first);
                }
            });
            EnvironmentReader.read(env).ifPresent(out::add);
        });
    }
}
