package dev.berth.config;

/** A smoke check of an environment: an HTTP probe or the state of the compose project. */
public sealed interface CheckSpec permits HttpCheck, ComposeCheck {

    /** A short label for logs and the API, e.g. {@code GET http://127.0.0.1:8080/health via host}. */
    String describe();
}
