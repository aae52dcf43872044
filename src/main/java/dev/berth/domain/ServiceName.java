package dev.berth.domain;

/** A compose service name that berth pins: a lowercase DNS label. */
public record ServiceName(String value) {

    public ServiceName {
        Name.check("service name", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
