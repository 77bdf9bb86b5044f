package dev.orchestra.project.rest;

import dev.orchestra.platform.id.Ids;
import dev.orchestra.project.domain.Refusal;
import java.util.UUID;

/** Ids in request paths: a malformed one names nothing, so it is a 404 like an unknown one. */
final class Paths {

    private Paths() {
    }

    static UUID id(String text) {
        UUID id = Ids.parseOrNull(text);
        if (id == null) {
            throw Refusal.notFound();
        }
        return id;
    }
}
