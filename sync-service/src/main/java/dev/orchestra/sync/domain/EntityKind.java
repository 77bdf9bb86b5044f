package dev.orchestra.sync.domain;

/** What a change is about; the wire name is the lower-case one ({@code project}, {@code file}). */
public enum EntityKind {
    PROJECT, FILE;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The kind of a wire name, or null. */
    public static EntityKind ofWire(String name) {
        for (EntityKind kind : values()) {
            if (kind.wire().equals(name)) {
                return kind;
            }
        }
        return null;
    }
}
