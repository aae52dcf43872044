package dev.berth.config;

import dev.berth.domain.AppName;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.domain.ImageRef;
import dev.berth.domain.ServiceName;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One app as its folder {@code apps/<app>/} defines it: the image repository it tracks, the compose services that
 * run that image, the tag policy, and its environments in promotion order.
 *
 * @param image         the tracked repository, normalized, without tag or digest
 * @param compose       the content of {@code compose.yaml}, deployed as is
 * @param composeSha256 hex SHA-256 of {@code compose.yaml}, to tell whether the stack itself changed
 * @param sources       the files read, relative to the state repository ({@code apps/web/app.yaml}, ...)
 * @param poll          {@code track.poll}: how often berth polls the registry for this app, empty for webhooks only
 */
public record AppDefinition(AppName name, ImageRef image, List<ServiceName> services, TrackPolicy track,
        List<EnvironmentSpec> environments, String compose, String composeSha256, List<String> sources,
        Optional<java.time.Duration> poll) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public AppDefinition {
        if (name == null || image == null || track == null || compose == null || composeSha256 == null) {
            throw new IllegalArgumentException("an app definition needs name, image, track and compose");
        }
        if (image.tag() != null || image.digest() != null) {
            throw new IllegalArgumentException("image names a repository without tag or digest");
        }
        if (!SHA256_HEX.matcher(composeSha256).matches()) {
            throw new IllegalArgumentException("composeSha256 must be 64 lowercase hex characters");
        }
        services = List.copyOf(services);
        environments = List.copyOf(environments);
        sources = List.copyOf(sources);
        poll = poll == null ? Optional.empty() : poll;
        if (services.isEmpty() || environments.isEmpty()) {
            throw new IllegalArgumentException("an app needs at least one service and one environment");
        }
        if (new HashSet<>(services).size() != services.size()) {
            throw new IllegalArgumentException("services are listed twice");
        }
        if (environments.stream().map(EnvironmentSpec::name).distinct().count() != environments.size()) {
            throw new IllegalArgumentException("environment names must be unique");
        }
    }

    /** An app fed by webhooks only (no {@code track.poll}). */
    public AppDefinition(AppName name, ImageRef image, List<ServiceName> services, TrackPolicy track,
            List<EnvironmentSpec> environments, String compose, String composeSha256, List<String> sources) {
        this(name, image, services, track, environments, compose, composeSha256, sources, Optional.empty());
    }

    public Optional<EnvironmentSpec> environment(EnvName env) {
        return environments.stream().filter(e -> e.name().equals(env)).findFirst();
    }

    /** The environment new tags deploy to. */
    public EnvironmentSpec first() {
        return environments.get(0);
    }

    /** The environment after {@code env} in promotion order; empty for the last one or an unknown name. */
    public Optional<EnvironmentSpec> next(EnvName env) {
        for (int i = 0; i < environments.size() - 1; i++) {
            if (environments.get(i).name().equals(env)) {
                return Optional.of(environments.get(i + 1));
            }
        }
        return Optional.empty();
    }

    /** The environment before {@code env}, whose verified digests it receives. */
    public Optional<EnvironmentSpec> previous(EnvName env) {
        for (int i = 1; i < environments.size(); i++) {
            if (environments.get(i).name().equals(env)) {
                return Optional.of(environments.get(i - 1));
            }
        }
        return Optional.empty();
    }

    /** The {@code compose.pin.yaml} that pins every tracked service to {@code digest}. */
    public String pinOverride(Digest digest) {
        Map<ServiceName, ImageRef> pins = new LinkedHashMap<>();
        services.forEach(s -> pins.put(s, image.withDigest(digest)));
        return ComposeFile.pinOverride(pins);
    }
}
