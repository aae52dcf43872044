package dev.berth.deploy;

import dev.berth.deploy.DeploymentExecutor.DeployFailed;
import dev.berth.deploy.DeploymentExecutor.DeployLog;

/**
 * What runs after a release is up on every host, before the deployment is recorded as succeeded: verification,
 * then promotion, or a rollback (then the deployment fails).
 */
public interface PostDeploy {

    void after(Deployment deployment, DeployLog log) throws DeployFailed;
}
