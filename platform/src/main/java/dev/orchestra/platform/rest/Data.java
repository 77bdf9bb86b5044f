package dev.orchestra.platform.rest;

/** A success body: {@code {"data": ...}} (docs/architecture.md section 2). */
public record Data<T>(T data) {

    public static <T> Data<T> of(T data) {
        return new Data<>(data);
    }
}
