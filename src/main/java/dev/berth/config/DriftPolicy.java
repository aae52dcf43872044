package dev.berth.config;

/**
 * What berth does when a host of the environment runs something it did not deploy (drift): it always reports it;
 * with {@code selfHeal} it also queues a deploy of the desired digest, at most once per drift episode.
 */
public record DriftPolicy(boolean selfHeal) {

    /** Report only. */
    public static final DriftPolicy DEFAULT = new DriftPolicy(false);
}
