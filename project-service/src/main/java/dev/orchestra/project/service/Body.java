package dev.orchestra.project.service;

import java.util.function.Function;

/**
 * A write's fields, read by the service only once it has locked the write's target and found it to
 * be the caller's: whatever they are, a write to someone else's entity is a 404 ({@code not_found})
 * that says nothing of them. A REST body arrives with its shape already checked at the edge (the
 * same for every caller, whatever the id); a sync mutation's {@code data} is JSON whose reading,
 * shape included, happens here, and may itself refuse (malformed JSON or bad strings: 422).
 */
@FunctionalInterface
public interface Body<T> {

    T read();

    /** Fields already read (REST: checked at the edge). */
    static <T> Body<T> of(T value) {
        return () -> value;
    }

    /** Read further when it is read: {@code json.map(ProjectInput::draft)}. */
    default <R> Body<R> map(Function<? super T, ? extends R> reader) {
        return () -> reader.apply(read());
    }
}
