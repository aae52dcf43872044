package dev.berth.config;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/** Where berth reads app definitions from when it starts. */
@ConfigMapping(prefix = "berth.apps")
public interface AppsConfig {

    /**
     * A directory holding {@code apps/<app>/app.yaml} and {@code apps/<app>/compose.yaml} (a checkout of the state
     * repository). Unset: the catalog starts empty until something calls {@link AppCatalog#reload(Path)}.
     */
    Optional<Path> dir();
}
