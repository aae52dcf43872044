package dev.berth.deploy;

/** Carries out one deployment on the hosts of its environment. */
public interface DeploymentExecutor {

    /**
     * Deploys {@code deployment} host after host; returns normally when every host runs the release. Throws
     * {@link DeployFailed} when a host refused it (the host is switched back and the rollout stops).
     */
    void execute(Deployment deployment, DeployLog log) throws DeployFailed;

    /**
     * Like {@link #execute(Deployment, DeployLog)}, telling {@code progress} before each host step (it may stop the
     * rollout by throwing) and after each host switched. Executors that do not know hosts ignore it.
     */
    default void execute(Deployment deployment, DeployLog log, Progress progress) throws DeployFailed {
        execute(deployment, log);
    }

    /** What the reconciler learns from a rollout while it runs, and how it stops it between hosts. */
    interface Progress {
        /** No bookkeeping, never stops. */
        Progress NONE = new Progress() {
        };

        /** Called before anything is done on {@code host}; throws to stop the rollout there (lease lost, ...). */
        default void beforeHost(String host) throws DeployFailed {
        }

        /** True when {@code host} already runs the release (a resumed rollout): it is left alone. */
        default boolean done(String host) {
            return false;
        }

        /** {@code host} switched from {@code previous} (null: nothing ran there) to {@code current}. */
        default void switched(String host, String previous, String current) {
        }

        /** A step on {@code host} failed with {@code error}. */
        default void failed(String host, String error) {
        }
    }

    /** The rollout was stopped between two hosts by its {@link Progress} (not a failure of the release). */
    class Stopped extends DeployFailed {
        public Stopped(String message) {
            super(message);
        }
    }

    /** Where a deployment writes its log lines (stdout, stderr, berth). */
    interface DeployLog {
        void line(String stream, String line);
    }

    /**
     * A deployment that did not succeed, with a message saying where and why, and optionally what runs once the
     * failure is recorded (a rollback), still under the environment's deploy lock.
     */
    class DeployFailed extends Exception {
        private final transient Runnable followUp;

        public DeployFailed(String message) {
            super(message);
            this.followUp = null;
        }

        public DeployFailed(String message, Throwable cause) {
            super(message, cause);
            this.followUp = null;
        }

        private DeployFailed(String message, Runnable followUp) {
            super(message);
            this.followUp = followUp;
        }

        /** A failure whose {@code followUp} runs after the failed deployment is finished (its log ended). */
        public static DeployFailed thenRun(String message, Runnable followUp) {
            return new DeployFailed(message, java.util.Objects.requireNonNull(followUp, "followUp"));
        }

        public java.util.Optional<Runnable> followUp() {
            return java.util.Optional.ofNullable(followUp);
        }
    }
}
