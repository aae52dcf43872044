package dev.berth.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Loads the apps of {@code berth.apps.dir} when berth starts; invalid folders are logged with file and line. The
 * last valid definition of each app is kept in Redis ({@link LastValidApps}) and loaded first, so an app whose files
 * are invalid at start keeps that definition (as within one run) instead of vanishing; refusals are shown in the API
 * and the readiness detail ({@link AppConfigErrors}). Changes to the folder take effect at the next start.
 */
@ApplicationScoped
public class LoadAppsOnStart {

    private static final Logger LOG = Logger.getLogger(LoadAppsOnStart.class);

    void onStart(@Observes StartupEvent event, AppsConfig config, AppCatalog catalog, LastValidApps lastValid,
            AppConfigErrors errors) {
        config.dir().ifPresent(dir -> {
            restore(catalog, lastValid);
            LoadReport report = catalog.reload(dir);
            errors.update(report);
            remember(dir, report, lastValid);
            if (report.ok()) {
                LOG.infof("app definitions: %s", report.summary());
            } else {
                LOG.warnf("app definitions: %s", report.summary());
            }
        });
    }

    /** Loads the kept definitions, so the folder's reload treats them as the previous ones. */
    private static void restore(AppCatalog catalog, LastValidApps lastValid) {
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("berth-last-valid-");
            if (lastValid.writeTo(tmp) > 0) {
                catalog.reload(tmp);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("the last valid app definitions could not be read from Redis (%s); loading %s only",
                    e.getMessage(), "berth.apps.dir");
        } finally {
            delete(tmp);
        }
    }

    private static void remember(Path dir, LoadReport report, LastValidApps lastValid) {
        try {
            for (AppDefinition app : report.loaded()) {
                lastValid.save(app.name(), dir.resolve("apps").resolve(app.name().value()));
            }
            report.removed().forEach(lastValid::remove);
        } catch (RuntimeException e) {
            LOG.warnf("the last valid app definitions could not be kept in Redis: %s", e.getMessage());
        }
    }

    private static void delete(Path tmp) {
        if (tmp == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(tmp)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("temporary folder %s not removed: %s", tmp, e.getMessage());
        }
    }
}
