package dev.berth.gitops;

import dev.berth.domain.Digest;
import dev.berth.domain.Printable;
import dev.berth.domain.ReleaseId;
import dev.berth.domain.ServiceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compares what a host runs with what berth deployed there. Drift is: {@code current} missing or pointing at
 * another release; a pinned service without a running container; a container of a pinned service started from
 * another digest. Containers whose image names no digest are not judged on their image (the compose tool may
 * print a tag or an id); services berth does not pin (a database) are not judged at all.
 */
public final class DriftRules {

    private DriftRules() {
    }

    /** What differs on one host, one phrase each; empty when the host runs what berth deployed. */
    public static List<String> differences(ReleaseId release, Digest digest, List<ServiceName> services,
            HostStatus actual) {
        List<String> out = new ArrayList<>();
        if (actual.current().isEmpty()) {
            out.add("no current release, expected " + release);
        } else if (!actual.current().get().equals(release)) {
            out.add("current release is " + actual.current().get() + ", expected " + release);
        }
        if (actual.composeError().isPresent()) {
            return out;
        }
        for (ServiceName service : services) {
            List<HostStatus.Container> mine = actual.containers().stream()
                    .filter(c -> service.value().equals(c.service())).toList();
            if (mine.isEmpty()) {
                out.add("service " + service + " has no container");
                continue;
            }
            for (HostStatus.Container c : mine) {
                String state = c.state() == null ? "" : c.state().toLowerCase(Locale.ROOT);
                if (!state.equals("running")) {
                    out.add("service " + service + " is " + (state.isEmpty() ? "in no reported state"
                            : Printable.clip(state)) + ", expected running");
                }
                c.digest().filter(d -> !d.equals(digest)).ifPresent(d -> out.add("service " + service + " runs "
                        + Printable.clip(c.image()) + ", expected " + digest));
            }
        }
        return out.stream().distinct().toList();
    }
}
