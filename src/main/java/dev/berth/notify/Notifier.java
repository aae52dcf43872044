package dev.berth.notify;

/**
 * One notification sink (a Slack channel, a Discord or Teams webhook, a generic consumer). One implementation per
 * kind of sink; {@link #post} makes exactly one attempt and classifies the answer, the worker decides about retries.
 */
public interface Notifier {

    /** The configured name of the sink ({@code berth.notify.sinks.<name>}); logged instead of its secret URL. */
    String name();

    /** Posts the notification once; blocks for at most the configured request timeout. Never throws for I/O. */
    DeliveryResult post(Notification notification);
}
