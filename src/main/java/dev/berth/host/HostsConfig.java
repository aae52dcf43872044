package dev.berth.host;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** How berth finds the host agent on deploy hosts. */
@ConfigMapping(prefix = "berth.hosts")
public interface HostsConfig {

    /** The agent command on hosts: {@code berth-agent} in the deploy user's PATH (or its forced command). */
    @WithDefault("berth-agent")
    String agent();

    /**
     * Where berth installs or updates the agent over SFTP (for example {@code /home/deploy/bin/berth-agent}); berth
     * then calls it by that path. Unset: berth only checks the installed agent's version and refuses a wrong one.
     * Not possible when the deploy key has the agent as forced command (no SFTP then).
     */
    Optional<String> installAgent();
}
