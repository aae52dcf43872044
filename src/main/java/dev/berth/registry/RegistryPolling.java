package dev.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.domain.Digest;
import dev.berth.domain.ImageRef;
import dev.berth.domain.Tag;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry as the poller reads it: tag listings ({@code GET /v2/<name>/tags/list?n=…}, following {@code Link}
 * pagination) and a tag's digest by {@code HEAD} (which Docker Hub does not count against its pull limit). Both are
 * conditional where the registry sends an {@code ETag}: the next request carries {@code If-None-Match} and a 304
 * reuses the remembered answer. One attempt per request: a 429 or 5xx fails at once with
 * {@link RegistryUnavailable} (carrying {@code Retry-After}) and the poller decides when to ask again.
 */
public final class RegistryPolling {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;[^,]*rel=\"?next\"?", Pattern.CASE_INSENSITIVE);
    /** Pages followed at most per listing: 1,000 pages of the page size is far beyond any real repository. */
    private static final int MAX_PAGES = 1000;
    private static final int MAX_REMEMBERED = 20_000;

    private record Remembered(String etag, Object value) {
    }

    private final RegistrySettings settings;
    private final RegistryHttp http;
    private final HttpRegistryClient client;
    private final Map<String, Remembered> remembered = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
                    return size() > MAX_REMEMBERED;
                }
            });

    public RegistryPolling(RegistrySettings settings, Clock clock, RegistryPacer pacer) {
        RegistrySettings once = settings.withRetry(1, settings.backoff(), settings.maxWait());
        this.settings = once;
        this.http = new RegistryHttp(once, clock, duration -> Thread.sleep(duration.toMillis()), pacer);
        this.client = new HttpRegistryClient(http);
    }

    /** Every tag of the repository, in the registry's order, {@code pageSize} per request. */
    public List<Tag> tags(ImageRef repository, int pageSize) {
        List<Tag> out = new ArrayList<>();
        String first = "/v2/" + repository.path() + "/tags/list?n=" + pageSize;
        String page = first;
        for (int pages = 0; page != null; pages++) {
            if (pages >= MAX_PAGES) {
                throw RegistryRequest.tags(repository, page).protocolError("more than " + MAX_PAGES + " pages of tags");
            }
            RegistryRequest request = RegistryRequest.tags(repository, page);
            String key = repository.repository() + " " + page;
            Remembered known = remembered.get(key);
            RegistryHttp.Response response = http.send(known == null ? request : request.ifNoneMatch(known.etag()));
            Page parsed;
            if (response.status() == 304 && known != null) {
                parsed = (Page) known.value();
            } else {
                check(request, response);
                parsed = new Page(parseTags(request, response.body()),
                        response.header("Link").map(link -> next(request, link)).orElse(null));
                response.header("ETag").ifPresent(etag -> remembered.put(key, new Remembered(etag, parsed)));
            }
            out.addAll(parsed.tags());
            page = parsed.next();
        }
        return out;
    }

    /** The digest {@code repository:tag} names now, by HEAD (GET only when the registry refuses HEAD). */
    public Digest digest(ImageRef repository, Tag tag) {
        RegistryRequest head = RegistryRequest.manifest("HEAD", repository, tag.value());
        String key = repository.repository() + ":" + tag.value();
        Remembered known = remembered.get(key);
        RegistryHttp.Response response = http.send(known == null ? head : head.ifNoneMatch(known.etag()));
        if (response.status() == 304 && known != null) {
            return (Digest) known.value();
        }
        if (response.status() == 200) {
            Optional<Digest> digest = response.header("Docker-Content-Digest").flatMap(Digest::parse);
            if (digest.isPresent()) {
                response.header("ETag").ifPresent(etag -> remembered.put(key, new Remembered(etag, digest.get())));
                return digest.get();
            }
        } else if (response.status() != 405 && response.status() != 501) {
            check(head, response);
        }
        return client.resolve(repository, tag).digest();
    }

    /** One page: its tags and the next page's path and query, or null. */
    private record Page(List<Tag> tags, String next) {
    }

    private static List<Tag> parseTags(RegistryRequest request, byte[] body) {
        JsonNode tags;
        try {
            tags = JSON.readTree(body).path("tags");
        } catch (IOException e) {
            throw request.protocolError("the tag list is not JSON");
        }
        List<Tag> out = new ArrayList<>();
        for (JsonNode node : tags) {
            try {
                out.add(new Tag(node.asText()));
            } catch (IllegalArgumentException e) {
                // a tag berth could never deploy (the registry's grammar is wider than Tag's): skip it
            }
        }
        return out;
    }

    /** The path and query of the {@code rel="next"} target, which must stay on this repository's tag list. */
    private String next(RegistryRequest request, String link) {
        Matcher m = NEXT.matcher(link);
        if (!m.find()) {
            return null;
        }
        URI base = URI.create(settings.baseUrl(request.repository()) + "/");
        URI target;
        try {
            target = base.resolve(m.group(1));
        } catch (IllegalArgumentException e) {
            throw request.protocolError("the Link header's next page is not a URL");
        }
        if (!target.getRawAuthority().equalsIgnoreCase(base.getRawAuthority())
                || !target.getRawPath().equals("/v2/" + request.repoPath() + "/tags/list")) {
            throw request.protocolError("the Link header's next page leaves this repository's tag list");
        }
        return target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
    }

    private static void check(RegistryRequest request, RegistryHttp.Response response) {
        if (response.status() == 200) {
            return;
        }
        if (response.status() == 404) {
            throw request.notFound(ErrorBody.code(response.body()));
        }
        throw request.protocolError("unexpected HTTP " + response.status() + ErrorBody.detail(response.body()));
    }
}
