package dev.berth.config;

import dev.berth.domain.AppName;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses one app folder ({@code apps/<app>/app.yaml} and {@code apps/<app>/compose.yaml}) into an
 * {@link AppDefinition}, or throws {@link InvalidAppDefinition} with every problem found, each naming the file
 * (relative to the state repository), the line and the reason. Stateless and thread-safe.
 */
public final class AppDefinitionParser {

    public static final String APP_FILE = "app.yaml";
    public static final String COMPOSE_FILE = "compose.yaml";

    /** Parses {@code appDir}; file names in messages are {@code <parent folder>/<app>/app.yaml}. */
    public AppDefinition parse(Path appDir) {
        String folder = appDir.getFileName().toString();
        Path parent = appDir.getParent() == null ? null : appDir.getParent().getFileName();
        String prefix = (parent == null ? "" : parent + "/") + folder;
        String appPath = prefix + "/" + APP_FILE;
        String composePath = prefix + "/" + COMPOSE_FILE;

        Problems folderProblems = new Problems(prefix);
        Optional<AppName> name = Optional.empty();
        try {
            name = Optional.of(new AppName(folder));
        } catch (IllegalArgumentException e) {
            folderProblems.add(0, "", "the folder name is the app name: " + e.getMessage());
        }
        Problems composeProblems = new Problems(composePath);
        Optional<ComposeFile> compose = read(appDir.resolve(COMPOSE_FILE), composeProblems)
                .flatMap(text -> ComposeFile.read(text, composeProblems));
        Problems appProblems = new Problems(appPath);
        Optional<AppDefinition> app = Optional.empty();
        Optional<String> appText = read(appDir.resolve(APP_FILE), appProblems);
        if (appText.isPresent()) {
            Optional<YamlMap> root = YamlDocs.compose(appText.get(), appProblems)
                    .flatMap(node -> YamlMap.of(node, "", appProblems));
            if (root.isPresent() && name.isPresent()) {
                app = AppYamlReader.read(root.get(), name.get(), compose, composePath, List.of(appPath, composePath));
            }
        }
        List<ConfigProblem> all = new ArrayList<>(folderProblems.sorted());
        all.addAll(appProblems.sorted());
        all.addAll(composeProblems.sorted());
        if (!all.isEmpty() || app.isEmpty()) {
            if (all.isEmpty()) {
                all.add(new ConfigProblem(appPath, 0, "", "could not be read"));
            }
            throw new InvalidAppDefinition(all);
        }
        return app.get();
    }

    /** The file as strict UTF-8 text, or empty after adding a problem. */
    private static Optional<String> read(Path file, Problems problems) {
        try {
            if (Files.isSymbolicLink(file)) {
                problems.add(0, "", "is a symbolic link; berth reads only regular files of the app folder");
                return Optional.empty();
            }
            if (Files.size(file) > YamlDocs.MAX_CHARS) {
                problems.add(0, "", "file is larger than " + YamlDocs.MAX_CHARS / 1024 + " KiB");
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(file);
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (NoSuchFileException e) {
            problems.add(0, "", "missing: an app folder holds " + APP_FILE + " and " + COMPOSE_FILE);
        } catch (CharacterCodingException e) {
            problems.add(0, "", "not UTF-8 text");
        } catch (IOException e) {
            problems.add(0, "", "cannot be read: " + e.getClass().getSimpleName());
        }
        return Optional.empty();
    }
}
