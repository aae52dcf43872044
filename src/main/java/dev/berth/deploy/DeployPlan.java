package dev.berth.deploy;

import dev.berth.domain.ServiceName;
import dev.berth.host.HostTarget;
import java.util.List;

/**
 * What a deployment does on its environment: the compose file to ship, the services to pin, and the hosts in
 * rollout order with their release roots.
 */
public record DeployPlan(List<ServiceName> services, byte[] compose, List<Host> hosts) {

    public DeployPlan {
        services = List.copyOf(services);
        hosts = List.copyOf(hosts);
    }

    /** One host of the environment, the folder its releases live under, and its {@code ssh:} address in app.yaml. */
    public record Host(HostTarget target, String root, String ssh) {
    }
}
