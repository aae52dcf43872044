package dev.berth.api;

import dev.berth.deploy.Deployment;
import java.util.List;

/** The JSON shape of a deployment in the API. */
public record DeploymentView(String id, String app, String environment, String image, String tag, String digest,
        String releaseId, List<String> hosts, String status, String createdAt, String startedAt, String finishedAt,
        String trigger, String reason, String error) {

    public static DeploymentView of(Deployment d) {
        return new DeploymentView(d.id().value(), d.app().value(), d.env().value(), d.image().repository(), d.tag(),
                d.digest().value(), d.releaseId().value(), d.hosts(), d.status().wire(), d.createdAt().toString(),
                d.startedAt() == null ? null : d.startedAt().toString(),
                d.finishedAt() == null ? null : d.finishedAt().toString(), d.trigger(), d.reason(), d.error());
    }
}
