package dev.orchestra.engine.domain;

/** What a job asks of the engine. */
public enum JobKind {
    /** IndexFile: a file's content at a version. */
    INDEX,
    /** RemoveFile: a file deleted at a version. */
    REMOVE,
    /** DropProject: a project (and every file of it) forgotten. */
    DROP;

    /** The name stored in {@code jobs.kind}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static JobKind of(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
