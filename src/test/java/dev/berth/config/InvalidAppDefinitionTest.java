package dev.berth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each broken input is refused with exactly these {@code file:line: path: reason} messages. */
class InvalidAppDefinitionTest {

    static final String APP = """
            image: registry.example.com/acme/web
            services: [web]
            track:
              semver: ">=1.0.0 <2.0.0"
              exclude: ["-rc"]
            environments:
              - name: staging
                hosts:
                  - ssh: deploy@10.0.0.5:22
                    hostKey: "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"
                    root: /opt/apps
                checks:
                  - http: http://127.0.0.1:8080/health
                    via: host
                    expect: { status: 200, maxLatency: 500ms }
                verify: { interval: 5s, passes: 3, failures: 3, window: 2m }
                promote: auto
              - name: production
                hosts:
                  - ssh: deploy@web1.example.com
                approval: required
            """;
    static final String COMPOSE = "services:\n  web:\n    image: x\n  db:\n    image: postgres\n";

    @TempDir
    Path repo;

    static Stream<Arguments> broken() {
        return Stream.of(
                row("bad ssh", "deploy@10.0.0.5:22", "root@@x",
                        "apps/web/app.yaml:9: environments[0].hosts[0].ssh: 'root@@x' is not user@host[:port]"),
                row("bad ssh user", "deploy@10.0.0.5:22", "Deploy@10.0.0.5",
                        "apps/web/app.yaml:9: environments[0].hosts[0].ssh: user 'Deploy' is not [a-z_][a-z0-9_-]{0,31}"),
                row("bad ssh port", "deploy@10.0.0.5:22", "deploy@10.0.0.5:70000",
                        "apps/web/app.yaml:9: environments[0].hosts[0].ssh: port 70000 is not from 1 to 65535"),
                row("bad ipv4", "deploy@10.0.0.5:22", "deploy@10.0.0.256",
                        "apps/web/app.yaml:9: environments[0].hosts[0].ssh: host '10.0.0.256' is not a DNS name, "
                                + "an IPv4 address or an [IPv6] address"),
                row("ipv6 without brackets", "deploy@10.0.0.5:22", "deploy@::1",
                        "apps/web/app.yaml:9: environments[0].hosts[0].ssh: 'deploy@::1' is not user@host[:port]"),
                row("bad hostKey", "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s", "SHA256:abc=",
                        "apps/web/app.yaml:10: environments[0].hosts[0].hostKey: 'SHA256:abc=' is not a SHA256 host "
                                + "key fingerprint (SHA256: and 43 base64 characters, as ssh-keygen -lf prints)"),
                row("relative root", "root: /opt/apps", "root: opt/apps",
                        "apps/web/app.yaml:11: environments[0].hosts[0].root: 'opt/apps' is not an absolute path"),
                row("root with ..", "root: /opt/apps", "root: /opt/../etc",
                        "apps/web/app.yaml:11: environments[0].hosts[0].root: '/opt/../etc' must not contain '..' segments"),
                row("root with a space", "root: /opt/apps", "root: '/opt/my apps'",
                        "apps/web/app.yaml:11: environments[0].hosts[0].root: '/opt/my apps' is not an absolute path of "
                                + "[A-Za-z0-9._-] segments (at most 200 characters, no trailing /)"),
                row("duplicate env names", "name: production", "name: staging",
                        "apps/web/app.yaml:18: environments[1].name: environment 'staging' is already defined by "
                                + "environments[0]"),
                row("unknown key with suggestion", "bodyContains", "x", "    promote: auto", "    promte: auto",
                        "apps/web/app.yaml:17: environments[0].promte: unknown key, did you mean 'promote'?"),
                row("unknown key, case typo", "maxLatency", "maxlatency",
                        "apps/web/app.yaml:15: environments[0].checks[0].expect.maxlatency: unknown key, did you mean "
                                + "'maxLatency'?"),
                row("unknown key without suggestion", "approval: required", "flavour: vanilla",
                        "apps/web/app.yaml:21: environments[1].flavour: unknown key (expected one of: name, hosts, "
                                + "checks, verify, promote, approval, approvalExpiry, soak, rollback, gate, drift)"),
                row("bad duration", "interval: 5s", "interval: 5 seconds",
                        "apps/web/app.yaml:16: environments[0].verify.interval: '5 seconds' is not a duration (a whole "
                                + "number and one unit: 500ms, 5s, 2m, 1h, 1d)"),
                row("window shorter than the passes", "window: 2m", "window: 5s",
                        "apps/web/app.yaml:16: environments[0].verify: window 5s is shorter than the 3 passes at 5s "
                                + "intervals it must contain"),
                row("bad exclude regex", "[\"-rc\"]", "[\"-rc\", \"(unclosed\"]",
                        "apps/web/app.yaml:5: track.exclude[1]: '(unclosed' is not a valid regex: Unclosed group "
                                + "at index 9"),
                row("bad semver range", "\">=1.0.0 <2.0.0\"", "\">=1.0.0 <two\"",
                        "apps/web/app.yaml:4: track.semver: '<two' is not a semver range (e.g. >=1.2.0 <2.0.0, ^1.2.3, "
                                + "~1.2, 1.x, 1.2.3 - 1.4.0, joined with ||)"),
                row("two track kinds", "  exclude: [\"-rc\"]", "  newest: true",
                        "apps/web/app.yaml:4: track: choose one of semver, regex, newest or tag, not semver and newest"),
                row("poll interval too short", "  exclude: [\"-rc\"]", "  exclude: [\"-rc\"]\n  poll: 500ms",
                        "apps/web/app.yaml:6: track.poll: '500ms' is outside 1s to 1d (how often berth asks the registry "
                                + "for new tags)"),
                row("floating tag with exclusions", "  semver: \">=1.0.0 <2.0.0\"", "  tag: latest",
                        "apps/web/app.yaml:5: track.exclude: does not apply to a single floating tag"),
                row("image with a tag", "acme/web\n", "acme/web:1.0\n",
                        "apps/web/app.yaml:1: image: 'registry.example.com/acme/web:1.0' names a tag or digest; image is "
                                + "the repository only (the tag policy goes under track:)"),
                row("service missing from compose", "[web]", "[web, worker]",
                        "apps/web/app.yaml:2: services[1]: 'worker' is not a service of apps/web/compose.yaml (it has: "
                                + "web, db)"),
                row("empty services", "[web]", "[]", "apps/web/app.yaml:2: services: needs at least one service"),
                row("approvalExpiry without approval", "    promote: auto", "    approvalExpiry: 1h",
                        "apps/web/app.yaml:17: environments[0].approvalExpiry: needs approval: required"),
                row("distinct without required", "    promote: auto", "    approval: { required: false, distinct: true }",
                        "apps/web/app.yaml:17: environments[0].approval.distinct: needs required: true"),
                row("misspelt approval key", "    promote: auto", "    approval: { required: true, distinc: true }",
                        "apps/web/app.yaml:17: environments[0].approval.distinc: unknown key, did you mean 'distinct'?"),
                row("bad status", "status: 200", "status: 700",
                        "apps/web/app.yaml:15: environments[0].checks[0].expect.status: '700' is not a whole number "
                                + "from 100 to 599"),
                row("bad via", "via: host", "via: ssh",
                        "apps/web/app.yaml:14: environments[0].checks[0].via: 'ssh' is not one of host, direct"),
                row("check of neither kind", "      - http: http://127.0.0.1:8080/health\n        via: host\n",
                        "      - via: host\n",
                        "apps/web/app.yaml:13: environments[0].checks[0]: a check needs http: <url> or compose: running"),
                row("bad url", "http://127.0.0.1:8080/health", "ftp://127.0.0.1/health",
                        "apps/web/app.yaml:13: environments[0].checks[0].http: 'ftp://127.0.0.1/health' is not an "
                                + "http:// or https:// URL with a host (and no user:password@)"),
                row("no hosts", "      - ssh: deploy@web1.example.com\n", "",
                        "apps/web/app.yaml:19: environments[1].hosts: is required"),
                row("same host twice", "      - ssh: deploy@web1.example.com\n",
                        "      - ssh: deploy@web1.example.com\n      - ssh: deploy@WEB1.example.com:22\n",
                        "apps/web/app.yaml:18: environments[1]: host deploy@WEB1.example.com:22 with root /opt/apps "
                                + "is listed twice"),
                row("compose check with http options", "      - http: http://127.0.0.1:8080/health\n",
                        "      - compose: running\n",
                        "apps/web/app.yaml:14: environments[0].checks[0].via: only http checks take via",
                        "apps/web/app.yaml:15: environments[0].checks[0].expect: only http checks take expect"),
                row("bad drift selfHeal", "    approval: required", "    approval: required\n    drift: { selfHeal: maybe }",
                        "apps/web/app.yaml:22: environments[1].drift.selfHeal: 'maybe' is not one of true, false"),
                row("unknown drift key", "    approval: required", "    approval: required\n    drift: { selfheal: true }",
                        "apps/web/app.yaml:22: environments[1].drift.selfheal: unknown key, did you mean 'selfHeal'?"),
                row("duplicate key", "    approval: required", "    approval: required\n    approval: none",
                        "apps/web/app.yaml:22: environments[1].approval: duplicate key"),
                row("tab-indented YAML", "    promote: auto", "\tpromote: auto",
                        "apps/web/app.yaml:17: not valid YAML: tab character; YAML indentation must use spaces"),
                row("several problems at once", "root@@x", "x", "deploy@10.0.0.5:22", "root@@x", "promote: auto",
                        "promote: sometimes",
                        "apps/web/app.yaml:9: environments[0].hosts[0].ssh: 'root@@x' is not user@host[:port]",
                        "apps/web/app.yaml:17: environments[0].promote: 'sometimes' is not one of auto, manual"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void isRefusedWithFileLineAndReason(String name, List<String> edits, List<String> expected) throws IOException {
        String app = APP;
        for (int i = 0; i < edits.size(); i += 2) {
            app = app.replace(edits.get(i), edits.get(i + 1));
        }
        assertEquals(expected, problems(app, COMPOSE));
    }

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                Arguments.of("uppercase app name", "Web", APP, COMPOSE, List.of("apps/Web: the folder name is the app "
                        + "name: invalid app name 'Web': expected a lowercase DNS label (a-z, 0-9, '-', at most 63 "
                        + "characters, no leading or trailing '-')")),
                Arguments.of("empty environments", "web", APP.substring(0, APP.indexOf("  - name: staging"))
                        .replace("environments:", "environments: []"), COMPOSE,
                        List.of("apps/web/app.yaml:6: environments: needs at least one environment")),
                Arguments.of("compose not YAML", "web", APP, "services:\n  web: [\n", List.of(
                        "apps/web/compose.yaml:3: not valid YAML: expected the node content, but found '<stream end>' "
                                + "(while parsing a flow node)")),
                Arguments.of("compose without services", "web", APP, "version: '3'\n", List.of(
                        "apps/web/compose.yaml:1: services: is required (a compose file lists its services)")),
                Arguments.of("compose with an empty services map", "web", APP, "services: {}\n", List.of(
                        "apps/web/compose.yaml:1: services: needs at least one service")),
                Arguments.of("compose services is a list", "web", APP, "services: [web]\n", List.of(
                        "apps/web/compose.yaml:1: services: expected a mapping of services, found a list")),
                Arguments.of("empty app.yaml", "web", "# nothing yet\n", COMPOSE,
                        List.of("apps/web/app.yaml: file is empty")),
                Arguments.of("app.yaml is a list", "web", "- image: x\n", COMPOSE,
                        List.of("apps/web/app.yaml:1: expected a mapping (key: value), found a list")),
                Arguments.of("missing compose.yaml", "web", APP, null, List.of(
                        "apps/web/compose.yaml: missing: an app folder holds app.yaml and compose.yaml")),
                Arguments.of("missing keys", "web", "image: nginx\n", COMPOSE, List.of(
                        "apps/web/app.yaml:1: services: is required",
                        "apps/web/app.yaml:1: track: is required",
                        "apps/web/app.yaml:1: environments: is required")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void brokenFilesAreRefused(String name, String folder, String app, String compose, List<String> expected)
            throws IOException {
        Path dir = Files.createDirectories(repo.resolve("apps").resolve(folder));
        Files.writeString(dir.resolve("app.yaml"), app);
        if (compose != null) {
            Files.writeString(dir.resolve("compose.yaml"), compose);
        }
        assertEquals(expected, messages(dir));
    }

    private List<String> problems(String app, String compose) throws IOException {
        Path dir = Files.createDirectories(repo.resolve("apps/web"));
        Files.writeString(dir.resolve("app.yaml"), app);
        Files.writeString(dir.resolve("compose.yaml"), compose);
        return messages(dir);
    }

    private static List<String> messages(Path dir) {
        InvalidAppDefinition e = assertThrows(InvalidAppDefinition.class, () -> new AppDefinitionParser().parse(dir));
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    /** A row: name, then pairs of (text, replacement), then the expected messages (those containing ".yaml"). */
    private static Arguments row(String name, String... parts) {
        int firstMessage = 0;
        while (firstMessage < parts.length && !parts[firstMessage].startsWith("apps/")) {
            firstMessage++;
        }
        return Arguments.of(name, List.of(parts).subList(0, firstMessage),
                List.of(parts).subList(firstMessage, parts.length));
    }
}
