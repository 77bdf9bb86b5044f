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
}
