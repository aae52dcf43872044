package dev.berth.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which of berth's processes holds an established TCP connection to a port (the test host's sshd), read from Linux's
 * {@code /proc}: the sockets of {@code /proc/net/tcp} whose remote port matches, and the processes whose file
 * descriptors are those sockets. It tells which replica is working on the host, whatever berth's internals are.
 */
final class SshPeers {

    private SshPeers() {
    }

    /** Whether process {@code pid} has an established connection to 127.0.0.1:{@code port}. */
    static boolean connected(long pid, int port) {
        Set<String> inodes = socketsTo(port);
        if (inodes.isEmpty()) {
            return false;
        }
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    return target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1));
                } catch (IOException e) {
                    return false; // the descriptor closed meanwhile
                }
            });
        } catch (IOException e) {
            return false; // the process is gone
        }
    }

    private static Set<String> socketsTo(int port) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        Set<String> inodes = new HashSet<>();
        // A JVM's sockets are dual-stack: its IPv4 connections show in tcp6 as ::ffff:127.0.0.1.
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    // f[2] remote address:port, f[3] state (01 = ESTABLISHED), f[9] inode
                    if (f.length > 9 && f[2].endsWith(hexPort) && f[3].equals("01")) {
                        inodes.add(f[9]);
                    }
                }
            } catch (IOException e) {
                if (table.endsWith("tcp")) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return inodes;
    }
}
