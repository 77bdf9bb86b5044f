package dev.orchestra.project.service;

/**
 * The answer to a create: made now ({@code created}), or the caller's own entity of that id that
 * existed already — {@code identical} when the create asked for exactly its current content.
 */
public record Created<T>(T value, boolean created, boolean identical) {

    static <T> Created<T> created(T value) {
        return new Created<>(value, true, false);
    }

    static <T> Created<T> existing(T value, boolean identical) {
        return new Created<>(value, false, identical);
    }

    /**
     * A repeat of a create that asked for something else than the entity holds (canonical forms
     * compared: trimmed name, NFC path, numbers by value, content by hash): the id is taken — a 409
     * over REST, a {@code conflict} rejection for a sync mutation.
     */
    public boolean differs() {
        return !created && !identical;
    }
}
