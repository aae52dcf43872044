package dev.berth.gitops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A person's clone driven by the real {@code git} CLI, with the user's git configuration kept out
 * ({@code GIT_CONFIG_GLOBAL=/dev/null}, no system config, {@code HOME} in the test folder). Commits can be SSH-signed
 * ({@code gpg.format=ssh}) with a key file made by {@code ssh-keygen}.
 */
final class GitCli {

    private final Path dir;
    private final Path home;

    private GitCli(Path dir, Path home) {
        this.dir = dir;
        this.home = home;
    }

    /** Clones {@code remote} (a bare repository) into {@code dir}. */
    static GitCli cloneOf(Path remote, Path dir) throws IOException {
        Path home = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-home"));
        GitCli git = new GitCli(dir.getParent(), home);
        git.run("clone", "-q", remote.toUri().toString(), dir.getFileName().toString());
        GitCli clone = new GitCli(dir, home);
        clone.run("config", "user.name", "alice");
        clone.run("config", "user.email", "alice@example.com");
        return clone;
    }

    /** Writes {@code files}, commits (signed with {@code key} when not null), pushes; returns the commit id. */
    String commit(Map<String, String> files, String message, Path key) throws IOException {
        if (!run("ls-remote", "origin", "main").isBlank()) {
            run("pull", "-q", "--ff-only", "origin", "main");
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = dir.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
            run("add", f.getKey());
        }
        if (key == null) {
            run("commit", "-q", "-m", message);
        } else {
            run("-c", "gpg.format=ssh", "-c", "user.signingkey=" + key, "commit", "-q", "-S", "-m", message);
        }
        run("push", "-q", "origin", "HEAD:main");
        return run("rev-parse", "HEAD").strip();
    }

    /** The clone's work tree. */
    Path dir() {
        return dir;
    }

    /** Runs git in the clone; fails with git's output when it exits non-zero. */
    String run(String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("HOME", home.toString());
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(command + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
