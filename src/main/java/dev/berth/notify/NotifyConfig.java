package dev.berth.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Where notifications go and how they are delivered. docs/notifications.md explains every property. */
@ConfigMapping(prefix = "berth.notify")
public interface NotifyConfig {

    /** Public base URL of berth's API, for links in messages ({@code <url>/api/v1/deployments/<id>}); no links when unset. */
    Optional<URI> publicUrl();

    /** The sinks by name (a lowercase DNS label): {@code berth.notify.sinks.<name>.type=slack}, ... */
    Map<String, Sink> sinks();

    /** The same (kind, app, environment, digest) is sent at most once per sink within this window. */
    @WithDefault("15m")
    Duration dedupeWindow();

    /** Approximate maximum length of the notifications stream (XADD MAXLEN ~). */
    @WithDefault("10000")
    long maxLength();

    /** How long a notification may stay unacknowledged with a consumer before another replica takes it over. */
    @WithDefault("15m")
    Duration claimIdle();

    /** This replica's consumer name in the sinks' consumer groups; defaults to the host name. */
    Optional<String> consumer();

    /** Time to connect to a sink. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Time for a sink to answer one request. */
    @WithDefault("10s")
    Duration requestTimeout();

    Retry retry();

    /** Retries of transient failures (no answer, 408, 429, 5xx). */
    interface Retry {
        /** Attempts per notification and sink, the first included; after the last one it counts as failed. */
        @WithDefault("8")
        int maxAttempts();

        /** Wait before the first retry; doubled for each further one, with jitter. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** Upper bound of the exponential backoff. */
        @WithDefault("2m")
        Duration maxBackoff();

        /** Upper bound of a wait a sink asks for with Retry-After (or Discord's retry_after). */
        @WithDefault("5m")
        Duration maxRetryAfter();
    }

    /** One sink. */
    interface Sink {
        /** slack, discord, teams (a Workflows URL) or webhook (generic CloudEvents JSON, signed). */
        SinkType type();

        /**
         * The webhook URL. It is a secret (it carries the token): berth never logs it, so it is read as text and
         * checked by berth, whose errors name the property and not the value.
         */
        String url();

        /** Only these apps; all when unset. */
        Optional<Set<String>> apps();

        /** Only these environments; all when unset. */
        Optional<Set<String>> environments();

        /** Only these kinds (wire names like {@code deploy.failed}, or a family like {@code deploy}); all when unset. */
        Optional<Set<String>> kinds();

        /** Only notifications at least this severe: info, warning or critical. */
        @WithDefault("info")
        Severity minSeverity();

        /** HMAC-SHA256 key of the {@code X-Berth-Signature-256} header; required for type webhook. */
        Optional<String> secret();

        /** Minimum time between two requests to this sink; the default depends on the type (Slack: 1s). */
        Optional<Duration> minInterval();
    }
}
