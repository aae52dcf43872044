package dev.berth.gitops;

import dev.berth.domain.AppName;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.domain.ImageRef;
import dev.berth.domain.ReleaseId;
import java.time.Instant;

/**
 * What should run in one app environment, as berth decided it: written to {@code state/<app>/<env>.yaml}.
 *
 * @param reason why: {@code deploy}, {@code promotion}, {@code rollback}, ... with detail
 */
public record Pin(AppName app, EnvName env, ImageRef image, String tag, Digest digest, ReleaseId release,
        DeploymentId deployment, String reason, Instant at) {

    /** Path of the pin file inside the repository. */
    public String path() {
        return "state/" + app + "/" + env + ".yaml";
    }

    /** The pin file. Every value is grammar-checked already, except tag and reason, which are quoted. */
    public String toYaml() {
        return "# Written by berth. Commit a change here to pin another digest; berth deploys it.\n"
                + "image: " + image.repository() + "\n"
                + (tag == null ? "" : "tag: " + quote(tag) + "\n")
                + "digest: " + digest + "\n"
                + "release: " + release + "\n"
                + "deployment: " + deployment + "\n"
                + "reason: " + quote(reason) + "\n"
                + "at: " + at + "\n";
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
    }
}
