package dev.berth.api;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Access to the operator API. */
@ConfigMapping(prefix = "berth.api")
public interface ApiConfig {

    /**
     * Bearer tokens as {@code token:role} pairs, comma-separated; role is viewer, deployer or admin. Without any
     * token the API answers 401 to every request.
     */
    Optional<List<String>> tokens();
}
