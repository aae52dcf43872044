package dev.berth.domain;

/** The name of an environment of an app (staging, production, ...): a lowercase DNS label. */
public record EnvName(String value) {

    public EnvName {
        Name.check("environment name", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
