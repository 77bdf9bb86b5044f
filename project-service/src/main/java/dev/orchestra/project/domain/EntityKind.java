package dev.orchestra.project.domain;

/** The two kinds of entity a sync mutation can write. */
public enum EntityKind {
    PROJECT,
    FILE
}
