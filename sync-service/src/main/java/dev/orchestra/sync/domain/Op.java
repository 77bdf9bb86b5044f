package dev.orchestra.sync.domain;

/** A mutation's or a change's operation; wire names {@code create}, {@code update}, {@code delete}. */
public enum Op {
    CREATE, UPDATE, DELETE;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Op ofWire(String name) {
        for (Op op : values()) {
            if (op.wire().equals(name)) {
                return op;
            }
        }
        return null;
    }
}
