package dev.berth.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Loads the apps of {@code berth.apps.dir} when berth starts; invalid folders are logged with file and line. */
@ApplicationScoped
public class LoadAppsOnStart {

    private static final Logger LOG = Logger.getLogger(LoadAppsOnStart.class);

    void onStart(@Observes StartupEvent event, AppsConfig config, AppCatalog catalog) {
        config.dir().ifPresent(dir -> {
            LoadReport report = catalog.reload(dir);
            if (report.ok()) {
                LOG.infof("app definitions: %s", report.summary());
            } else {
                LOG.warnf("app definitions: %s", report.summary());
            }
        });
    }
}
