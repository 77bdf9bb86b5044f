package dev.orchestra.project.service;

import dev.orchestra.project.domain.Refusal;

/**
 * What became of a sync mutation: exactly one of these, and the device hears of it through one
 * event on {@code project.events.v1} (the entity's own event, MutationNoop or MutationRejected).
 */
public sealed interface MutationOutcome {

    /** Written; the entity's event, with the mutation's origin, went out with the write. */
    record Applied() implements MutationOutcome {
    }

    /** Nothing to change (a repeated create, an update to what is already there): MutationNoop. */
    record Unchanged() implements MutationOutcome {
    }

    /**
     * Refused: MutationRejected with the refusal's reason, message and fields, and the entity's current
     * state (a Project or a ProjectFile without content) when it is the user's own and live, else null.
     */
    record Rejected(Refusal refusal, Object current) implements MutationOutcome {
    }

    /** The user was erased: like every later event of the user, dropped without an answer. */
    record Dropped() implements MutationOutcome {
    }
}
