package dev.orchestra.engine.domain;

import java.util.UUID;

/** The ownership projection of one project: whose it is and whether it was deleted. */
public record OwnedProject(UUID projectId, UUID userId, boolean deleted) {

    public boolean isLiveProjectOf(UUID user) {
        return !deleted && userId.equals(user);
    }
}
