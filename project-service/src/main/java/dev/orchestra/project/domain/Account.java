package dev.orchestra.project.domain;

import java.util.UUID;

/** What this service keeps of a user: the plan (null: none known, counts as free) and the live content bytes. */
public record Account(UUID userId, String plan, long contentBytes, boolean erased) {
}
