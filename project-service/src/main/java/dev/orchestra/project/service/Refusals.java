package dev.orchestra.project.service;

import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.error.ErrorCode;
import java.util.Map;

/** The refusals this context makes beyond platform's ready-made ones. */
final class Refusals {

    private Refusals() {
    }

    /** An id held by another user's entity, a tombstone, or a file of another project: nothing of the holder shown. */
    static ApiException idTaken() {
        return new ApiException(ErrorCode.CONFLICT, "The id is already taken", Map.of("id", "Already taken"));
    }

    static ApiException pathTaken() {
        return new ApiException(ErrorCode.CONFLICT, "Another file of the project has this path",
                Map.of("path", "Another file of the project has this path"));
    }

    static void checkVersion(long current, Long expected) {
        if (expected != null && expected != current) {
            throw ApiException.staleVersion(current);
        }
    }
}
