package dev.orchestra.project.service;

import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.error.ErrorCode;
import dev.orchestra.platform.text.FilePaths;
import java.util.Map;

/** The refusals this context makes beyond platform's ready-made ones. */
public final class Refusals {

    private Refusals() {
    }

    /** An id held by another user's entity, a tombstone, or a file of another project: nothing of the holder shown. */
    public static ApiException idTaken() {
        return new ApiException(ErrorCode.CONFLICT, "The id is already taken", Map.of("id", "Already taken"));
    }

    static ApiException pathTaken() {
        return new ApiException(ErrorCode.CONFLICT, "Another file of the project has this path",
                Map.of("path", "Another file of the project has this path"));
    }

    /** {@code path} cannot live beside {@code other}, an existing file of the project (see FileService). */
    static ApiException pathCollides(String path, String other) {
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
        return new ApiException(ErrorCode.CONFLICT, message, Map.of("path", message));
    }

    static void checkVersion(long current, Long expected) {
        if (expected != null && expected != current) {
            throw ApiException.staleVersion(current);
        }
    }
}
