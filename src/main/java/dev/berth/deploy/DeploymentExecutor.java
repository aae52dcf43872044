package dev.berth.deploy;

/** Carries out one deployment on the hosts of its environment. */
public interface DeploymentExecutor {

    /**
     * Deploys {@code deployment} host after host; returns normally when every host runs the release. Throws
     * {@link DeployFailed} when a host refused it (the host is switched back and the rollout stops).
     */
    void execute(Deployment deployment, DeployLog log) throws DeployFailed;

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
