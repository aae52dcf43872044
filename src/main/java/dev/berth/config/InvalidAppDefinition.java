package dev.berth.config;

import java.util.List;
import java.util.stream.Collectors;

/** An app folder that cannot be used: carries every problem found, each naming its file and line. */
public class InvalidAppDefinition extends RuntimeException {

    private final transient List<ConfigProblem> problems;

    public InvalidAppDefinition(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")), null, false, false);
        this.problems = List.copyOf(problems);
    }

    /** The problems in file and line order. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
