package dev.berth.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Collects the problems of one file, so a parse reports all of them rather than the first. */
final class Problems {

    private final String file;
    private final List<ConfigProblem> list = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void add(Node at, String path, String reason) {
        add(at == null ? 0 : at.getStartMark().getLine() + 1, path, reason);
    }

    void add(int line, String path, String reason) {
        list.add(new ConfigProblem(file, line, path, reason));
    }

    /** How many problems so far: readers build a record only when their part added none. */
    int count() {
        return list.size();
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** The problems sorted by line (stable: problems of one line keep their order). */
    List<ConfigProblem> sorted() {
        List<ConfigProblem> out = new ArrayList<>(list);
        out.sort(Comparator.comparingInt(ConfigProblem::line));
        return out;
    }
}
