package dev.berth.webhook;

/** A payload that is not what its sender documents: answered with 400 and the reason. */
public class MalformedPayload extends RuntimeException {

    public MalformedPayload(String message) {
        super(message, null, false, false);
    }
}
