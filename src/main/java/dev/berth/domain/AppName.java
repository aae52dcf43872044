package dev.berth.domain;

/** The name of an app: a lowercase DNS label, also the folder name under {@code apps/} and on hosts. */
public record AppName(String value) {

    public AppName {
        Name.check("app name", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
