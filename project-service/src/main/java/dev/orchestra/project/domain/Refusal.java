package dev.orchestra.project.domain;

import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.error.ErrorCode;
import dev.orchestra.platform.text.FilePaths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A write or read this context refuses, whichever edge asked: a REST request answers it in the error
 * envelope (it is an {@link ApiException}), a sync mutation answers it with a MutationRejected whose
 * reason follows from {@link #kind()}. The details a device sees ({@link #fields()}) are the field
 * messages, never the envelope's extra keys.
 */
public final class Refusal extends ApiException {

    /** What was refused; each kind has one envelope code and one rejection reason. */
    public enum Kind {
        /** Unknown, malformed, someone else's or deleted: nothing of it shown. */
        NOT_FOUND(ErrorCode.NOT_FOUND),
        /** A field of the wrong shape or over its rule. */
        INVALID(ErrorCode.VALIDATION_ERROR),
        /** A content over the size a file may have. */
        TOO_LARGE(ErrorCode.PAYLOAD_TOO_LARGE),
        /** The write was based on another version than the current one. */
        STALE_VERSION(ErrorCode.CONFLICT),
        /** The id is held by another entity, or by the caller's own with other content. */
        ID_TAKEN(ErrorCode.CONFLICT),
        /** The path collides with another file of the project. */
        PATH_TAKEN(ErrorCode.CONFLICT),
        /** The plan's limit is reached. */
        PLAN_LIMIT(ErrorCode.FORBIDDEN);

        private final ErrorCode code;

        Kind(ErrorCode code) {
            this.code = code;
        }
    }

    private final Kind kind;
    private final Map<String, String> fields;

    private Refusal(Kind kind, String message, Map<String, ?> envelopeDetails, Map<String, String> fields) {
        super(kind.code, message, envelopeDetails);
        this.kind = kind;
        this.fields = Map.copyOf(fields);
    }

    public Kind kind() {
        return kind;
    }

    /** Field → message, and a plan limit's {@code limit}: what a rejected mutation's details say. */
    public Map<String, String> fields() {
        return fields;
    }

    public static Refusal notFound() {
        return new Refusal(Kind.NOT_FOUND, "Not found", Map.of(), Map.of());
    }

    public static Refusal invalid(String field, String message) {
        return new Refusal(Kind.INVALID, message, Map.of(field, message), Map.of(field, message));
    }

    /** Several fields at once: {@code details: {field: message, ...}}. */
    public static Refusal invalid(Map<String, String> problems) {
        Map<String, String> ordered = new LinkedHashMap<>(problems);
        return new Refusal(Kind.INVALID, "The request is invalid", java.util.Collections.unmodifiableMap(ordered), ordered);
    }

    /** A refusal of platform's shape checks (string hygiene, say), as this context's own. */
    public static Refusal invalid(ApiException platformRefusal) {
        Map<String, String> problems = new LinkedHashMap<>();
        platformRefusal.details().forEach((field, value) -> problems.put(field, String.valueOf(value)));
        return new Refusal(Kind.INVALID, platformRefusal.getMessage(), java.util.Collections.unmodifiableMap(problems), problems);
    }

    public static Refusal tooLarge(String field, String message) {
        return new Refusal(Kind.TOO_LARGE, message, Map.of(field, message), Map.of(field, message));
    }

    /** {@code details: {"current_version": N}} in the envelope; a device learns the version from the rejection's current state. */
    public static Refusal staleVersion(long currentVersion) {
        return new Refusal(Kind.STALE_VERSION, "The resource was changed by someone else", Map.of("current_version", currentVersion),
                Map.of());
    }

    /** Fails when {@code expected} is given and is not {@code current}. */
    public static void checkVersion(long current, Long expected) {
        if (expected != null && expected != current) {
            throw staleVersion(current);
        }
    }

    /** An id held by another user's entity, a tombstone, or a file of another project: nothing of the holder shown. */
    public static Refusal idTaken() {
        return new Refusal(Kind.ID_TAKEN, "The id is already taken", Map.of("id", "Already taken"), Map.of("id", "Already taken"));
    }

    /** The caller's own entity holds the id with other content (a sync create that differs from it). */
    public static Refusal idTakenByOwn() {
        return new Refusal(Kind.ID_TAKEN, "The id is taken by another entity of yours with other content", Map.of("id", "Already taken"),
                Map.of());
    }

    /**
     * A mutation whose application failed for good (a bug, data the database refuses): a conflict when
     * the database refused a duplicate, else invalid data; the message tells nothing of the failure.
     */
    public static Refusal applicationFailed(boolean duplicate, String message) {
        return duplicate ? new Refusal(Kind.ID_TAKEN, message, Map.of(), Map.of())
                : new Refusal(Kind.INVALID, message, Map.of("data", "Could not be applied"), Map.of("data", "Could not be applied"));
    }

    public static Refusal pathTaken() {
        String message = "Another file of the project has this path";
        return new Refusal(Kind.PATH_TAKEN, message, Map.of("path", message), Map.of("path", message));
    }

    /** {@code path} cannot live beside {@code other}, an existing file of the project. */
    public static Refusal pathCollides(String path, String other) {
        if (other.equals(path)) {
            return pathTaken();
        }
        String message;
        if (FilePaths.fold(other).equals(FilePaths.fold(path))) {
            message = "Another file of the project has this path apart from case: " + other;
        } else if (FilePaths.fold(other).length() < FilePaths.fold(path).length()) {
            message = "A file of the project is a folder of this path: " + other;
        } else {
            message = "This path is a folder of another file of the project: " + other;
        }
        return new Refusal(Kind.PATH_TAKEN, message, Map.of("path", message), Map.of("path", message));
    }

    /** {@code details: {"reason": "plan_limit", "limit": N}} in the envelope, {@code {"limit": "N"}} for a device. */
    public static Refusal planLimit(long limit) {
        return new Refusal(Kind.PLAN_LIMIT, "Your plan's limit is reached", Map.of("reason", "plan_limit", "limit", limit),
                Map.of("limit", Long.toString(limit)));
    }
}
