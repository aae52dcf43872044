package dev.berth.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * docs/getting-started.md, run as written: every fenced {@code sh} block of the page, in order, in one bash (the
 * "first terminal"), from the root of the checkout, with a temporary HOME and the example ports of step 2 replaced by
 * free ones. The page cannot drift from this test: nothing of the guide is copied here. Three things a reader does by
 * hand are done by the harness, each named in the page: the block that ends with {@code bin/berth} runs in a "second
 * terminal" (its own session and a clean environment, loading {@code $W/vars} at the folder step 2 printed); the
 * Ctrl-C of step 10 is an INT to that terminal's process group; and on failure everything started is stopped. Every
 * wait of the guide has a timeout, so a stuck step fails this test instead of hanging it.
 */
@EnabledIf("dev.berth.testing.Podman#available")
class GettingStartedIT {

    private static final Path GUIDE = Path.of("docs/getting-started.md");
    private static final Pattern PORTS = Pattern.compile(
            "export SSH_PORT=\\d+ REG_PORT=\\d+ BERTH_PORT=\\d+ REDIS_PORT=\\d+ STAGING_PORT=\\d+ PROD_PORT=\\d+");
    private static final String FOLDER_PLACEHOLDER = "/tmp/berth-try.XXXXXX";
    private static final String CLEANUP_SECTION = "## 10. Clean up";
    private static final long MINUTES = 20;

    /** A fenced sh block and the section heading above it. */
    record Block(String section, String text) {
        boolean secondTerminal() {
            List<String> lines = text.strip().lines().toList();
            return lines.get(lines.size() - 1).strip().equals("bin/berth");
        }
    }

    static List<Block> blocks(String markdown) {
        List<Block> out = new ArrayList<>();
        String section = "";
        StringBuilder block = null;
        for (String line : markdown.split("\n", -1)) {
            if (block == null && line.startsWith("## ")) {
                section = line.strip();
            } else if (block == null && line.strip().equals("```sh")) {
                block = new StringBuilder();
            } else if (block != null && line.strip().equals("```")) {
                out.add(new Block(section, block.toString()));
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return out;
    }

    /** The guide as one bash script, with the harness's few additions (see the class comment). */
    static String script(List<Block> blocks, String ports) {
        StringBuilder s = new StringBuilder("""
                set -e
                guide_stop_berth() {  # what Ctrl-C in the second terminal does: INT to its process group
                  [ -n "${W:-}" ] && [ -f "$W/terminal2.pid" ] || return 0
                  _g=$(cat "$W/terminal2.pid"); rm -f "$W/terminal2.pid"
                  kill -INT -- "-$_g" 2>/dev/null || return 0
                  _i=0
                  while kill -0 -- "-$_g" 2>/dev/null; do   # any process of that terminal left: bin/berth, java, redis
                    _i=$((_i + 1)); [ "$_i" -lt 600 ] || { echo "guide: berth did not stop after Ctrl-C" >&2; kill -KILL -- "-$_g"; return 1; }
                    sleep 0.1
                  done
                  if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then echo "guide: berth's Redis still answers" >&2; return 1; fi
                  echo "guide: berth stopped, and its Redis"
                }
                guide_cleanup() {
                  _rc=$?
                  guide_stop_berth || true
                  if [ -n "${W:-}" ] && [ -d "$W" ]; then
                    [ -f "$W/terminal2.log" ] && { echo "----- second terminal (bin/berth) log -----"; cat "$W/terminal2.log"; }
                    for f in "$W/registry.pid" "$W/host/sshd.pid"; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
                    for e in staging production; do
                      podman ps -aq --filter label=io.podman.compose.project=hello-$e | xargs -r podman rm -f >/dev/null 2>&1
                      podman network rm hello-$e"_default" >/dev/null 2>&1
                    done
                    rm -rf "$W"
                  fi
                  exit $_rc
                }
                trap guide_cleanup EXIT
                """);
        int n = 0;
        for (Block b : blocks) {
            n++;
            s.append("\necho '### ").append(b.section().replace("'", "")).append(" (block ").append(n).append(")'\n");
            if (b.secondTerminal()) {
                s.append("cat > \"$W/terminal2.sh\" <<'GUIDE_SECOND_TERMINAL'\n").append(b.text())
                        .append("GUIDE_SECOND_TERMINAL\n")
                        .append("sed -i \"s|" + FOLDER_PLACEHOLDER + "|$W|g\" \"$W/terminal2.sh\"\n")
                        // A background job of a script starts with INT and QUIT ignored, which no shell can undo
                        // (and a terminal never does): default them again, as in a terminal where Ctrl-C works.
                        .append("setsid env -i --default-signal=INT,QUIT HOME=\"$HOME\" PATH=\"$PATH\" LANG=C.UTF-8 "
                                + "bash \"$W/terminal2.sh\" "
                                + "> \"$W/terminal2.log\" 2>&1 < /dev/null &\n")
                        .append("echo $! > \"$W/terminal2.pid\"\n");
                continue;
            }
            if (b.section().equals(CLEANUP_SECTION) && b.text().contains("registry.pid")) {
                s.append("guide_stop_berth\n");
                s.append("echo '----- second terminal (bin/berth) log -----'; cat \"$W/terminal2.log\"; rm -f \"$W/terminal2.log\"\n");
            }
            s.append(b.section().startsWith("## 2.") ? PORTS.matcher(b.text()).replaceFirst(ports) : b.text());
        }
        s.append("\necho 'guide: the end'\n");
        return s.toString();
    }

    @Test
    void theGuideRunsAsWrittenToItsEnd() throws IOException, InterruptedException {
        String markdown = Files.readString(GUIDE);
        List<Block> blocks = blocks(markdown);
        assertTrue(blocks.stream().filter(Block::secondTerminal).count() == 1, "one block starts berth (step 5)");
        assertTrue(blocks.stream().anyMatch(b -> b.section().startsWith("## 2.") && PORTS.matcher(b.text()).find()),
                "step 2 sets the ports in one export line");
        assertTrue(blocks.stream().anyMatch(b -> b.secondTerminal() && b.text().contains(FOLDER_PLACEHOLDER)),
                "step 5 loads the vars file of the folder step 2 printed");
        assertTrue(blocks.stream().anyMatch(b -> b.section().equals(CLEANUP_SECTION)), "the guide ends with a clean up");
        for (Block b : blocks) {
            if (b.text().contains("wait_for() {")) {
                continue; // the one loop of the page, with its timeout
            }
            for (String line : b.text().lines().toList()) {
                assertFalse(line.matches("\\s*(until|while) .*"), "a wait without a timeout in " + b.section()
                        + ": " + line + " (use wait_for)");
            }
        }

        String ports = "export SSH_PORT=%d REG_PORT=%d BERTH_PORT=%d REDIS_PORT=%d STAGING_PORT=%d PROD_PORT=%d"
                .formatted(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(),
                        FreePorts.next());
        Path work = Files.createTempDirectory("guide-it-");
        Path script = work.resolve("guide.sh");
        Files.writeString(script, script(blocks, ports));
        Path output = work.resolve("guide.log");
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("BERTH_") || k.startsWith("QUARKUS_") || k.startsWith("CONTAINERS_"));
        env.put("HOME", Files.createDirectories(work.resolve("home")).toString());
        Process p = builder.start();
        boolean ended = p.waitFor(MINUTES, TimeUnit.MINUTES);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            p.waitFor(60, TimeUnit.SECONDS);
        }
        String log = Files.readString(output);
        assertTrue(ended, "the guide did not end within " + MINUTES + " minutes:\n" + log);
        assertEquals(0, p.exitValue(), "the guide failed (script " + script + "):\n" + log);
        assertTrue(log.contains("guide: the end"), log);
        assertTrue(log.contains("done: the deployment of 1.0.0 to staging to succeed"), log);
        assertTrue(log.contains("done: the rollback of "), log);
        assertTrue(log.contains("Incident: hello/staging rolled back"), "the rollback's own log shows its note:\n" + log);
        assertTrue(log.contains("guide: berth stopped, and its Redis"), "Ctrl-C stops berth and its Redis:\n" + log);
        assertFalse(log.contains("already registered"), "no duplicate-gauge WARN at start:\n" + log);
        assertFalse(log.contains("content-type:"), "no content-type field in SSE events:\n" + log);
        Matcher hello = Pattern.compile("hello 1\\.0\\.0").matcher(log);
        int served = 0;
        while (hello.find()) {
            served++;
        }
        assertTrue(served >= 3, "staging, production and staging after the rollback serve 1.0.0:\n" + log);
    }
}
