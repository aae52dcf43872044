package dev.berth.host;

import java.security.PublicKey;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import net.schmizz.sshj.SSHClient;

/**
 * One reusable sshj connection per host address, with bounded concurrency: at most {@code perHost} leases on one host
 * and at most {@code hosts} hosts with leases at once. Connections unused for the idle timeout are closed by
 * {@link #closeIdle(long)}.
 */
final class ConnectionPool implements AutoCloseable {

    private final SshConnector connector;
    private final Semaphore hosts;
    private final int perHost;
    private final Map<HostAddress, Slot> slots = new ConcurrentHashMap<>();

    ConnectionPool(SshConnector connector, int maxConcurrentHosts, int maxSessionsPerHost) {
        this.connector = connector;
        this.hosts = new Semaphore(maxConcurrentHosts, true);
        this.perHost = maxSessionsPerHost;
    }

    /** Waits for a free slot on the host, then returns a lease on its verified, authenticated connection. */
    Lease lease(HostTarget target) {
        Slot slot = slots.computeIfAbsent(target.address(), a -> new Slot());
        slot.enter(target.address());
        try {
            return new Lease(slot, target, slot.client(target));
        } catch (RuntimeException e) {
            slot.exit();
            throw e;
        }
    }

    /** Closes connections no lease has used for {@code idleNanos}. */
    void closeIdle(long idleNanos) {
        long now = System.nanoTime();
        slots.values().forEach(slot -> slot.closeIfIdle(now, idleNanos));
    }

    /** How many pooled connections are open (for tests and metrics). */
    int openConnections() {
        return (int) slots.values().stream().filter(Slot::isOpen).count();
    }

    @Override
    public void close() {
        slots.values().forEach(Slot::closeNow);
    }

    /** The right to use a host's connection for one operation; close it to free the slot. */
    final class Lease implements AutoCloseable {
        private final Slot slot;
        private final HostTarget target;
        private SSHClient client;

        private Lease(Slot slot, HostTarget target, SSHClient client) {
            this.slot = slot;
            this.target = target;
            this.client = client;
        }

        SSHClient client() {
            return client;
        }

        /** Drops a connection that turned out dead and connects again (once per lease). */
        SSHClient reconnect() {
            client = slot.replace(client, target);
            return client;
        }

        @Override
        public void close() {
            slot.exit();
        }
    }

    private final class Slot {
        private final Semaphore sessions = new Semaphore(perHost, true);
        private final ReentrantLock entry = new ReentrantLock();
        private int active;
        private SSHClient client;
        private PublicKey hostKey;
        private Optional<String> verifiedFor;
        private volatile long lastUsed = System.nanoTime();

        void enter(HostAddress address) {
            try {
                sessions.acquire();
                entry.lockInterruptibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while waiting for a free SSH slot on " + address);
            }
            try {
                if (active == 0) {
                    hosts.acquireUninterruptibly();
                }
                active++;
            } finally {
                entry.unlock();
            }
        }

        void exit() {
            lastUsed = System.nanoTime();
            entry.lock();
            try {
                if (--active == 0) {
                    hosts.release();
                }
            } finally {
                entry.unlock();
            }
            sessions.release();
        }

        synchronized SSHClient client(HostTarget target) {
            if (client != null && !(client.isConnected() && client.isAuthenticated())) {
                closeClient();
            }
            if (client != null) {
                if (!Objects.equals(verifiedFor, target.pinnedHostKey())) {
                    reverify(target);
                }
                return client;
            }
            SshConnector.Connected connected = connector.connect(target);
            client = connected.client();
            hostKey = connected.hostKey();
            verifiedFor = target.pinnedHostKey();
            return client;
        }

        synchronized SSHClient replace(SSHClient broken, HostTarget target) {
            if (client == broken) {
                closeClient();
            }
            return client(target);
        }

        /** The open connection was verified under another pin (or none): check its key under this target's rule. */
        private void reverify(HostTarget target) {
            HostKeyCheck check = new HostKeyCheck(target, connector.knownHosts());
            if (!check.verify(hostKey)) {
                throw check.refusal();
            }
            verifiedFor = target.pinnedHostKey();
        }

        synchronized boolean isOpen() {
            return client != null && client.isConnected();
        }

        void closeIfIdle(long now, long idleNanos) {
            if (!entry.tryLock()) {
                return;
            }
            try {
                if (active == 0 && now - lastUsed >= idleNanos) {
                    synchronized (this) {
                        closeClient();
                    }
                }
            } finally {
                entry.unlock();
            }
        }

        synchronized void closeNow() {
            closeClient();
        }

        private void closeClient() {
            if (client != null) {
                SshConnector.close(client);
                client = null;
            }
        }
    }
}
