package dev.orchestra.project.service;

/** The answer to an update: the entity's state after it, and whether anything changed (a new version). */
public record Changed<T>(T value, boolean changed) {
}
