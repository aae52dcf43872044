package dev.berth.events;

/**
 * What became of an event handed to the {@link EventStore}.
 *
 * @param duplicate true when this delivery was already accepted before (nothing was added)
 * @param streamId  the id of the new stream entry, null for a duplicate
 */
public record IngestResult(boolean duplicate, String streamId) {

    public static IngestResult stored(String id) {
        return new IngestResult(false, id);
    }

    public static IngestResult repeated() {
        return new IngestResult(true, null);
    }
}
