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

    /** A deployment that did not succeed, with a message saying where and why. */
    class DeployFailed extends Exception {
        public DeployFailed(String message) {
            super(message);
        }

        public DeployFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
