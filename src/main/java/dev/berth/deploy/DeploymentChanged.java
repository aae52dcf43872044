package dev.berth.deploy;

/**
 * CDI event fired after a deployment's record changed state (queued, running, succeeded, failed, superseded).
 * Notifications and metrics observe it; observers must not throw.
 */
public record DeploymentChanged(Deployment deployment) {
}
