package dev.berth.work;

/**
 * The handle of one registered worker loop. The loop calls {@link #beat()} each time round (at least once per
 * {@code stall-after}); {@link #stopped()} when it ends on purpose; {@link #died(Throwable)} when it ends on an error.
 * A loop that died, or went longer than its stall time without a beat, makes {@code /q/health/live} DOWN.
 */
public interface Heartbeat {

    /** The loop's name, as in metrics and the liveness answer. */
    String name();

    /** Progress: the loop went round once. */
    void beat();

    /** The loop ended because berth (or its owner) asked it to: not a failure. */
    void stopped();

    /** The loop ended on {@code cause}: liveness reports it DOWN from now on. */
    void died(Throwable cause);

    /** A heartbeat nobody watches, for a loop run outside berth's managed executors (unit tests). */
    static Heartbeat unwatched(String name) {
        return new Heartbeat() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void beat() {
            }

            @Override
            public void stopped() {
            }

            @Override
            public void died(Throwable cause) {
            }
        };
    }
}
