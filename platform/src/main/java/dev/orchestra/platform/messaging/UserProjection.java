package dev.orchestra.platform.messaging;

import dev.orchestra.proto.events.v1.User;
import dev.orchestra.proto.events.v1.UserEnvelope;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A service's own copy of who a user is, kept from {@code auth.users.v1}: UserRegistered and
 * UserUpdated carry the user's state, UserDeleted the erasure. The service's consumer hands each
 * envelope here, with what to do on each; SessionsRevoked (platform's RevocationConsumer's, in a group
 * of its own) and kinds added later are left alone.
 */
public final class UserProjection {

    private UserProjection() {
    }

    /** A user's e-mail and name at {@code version}, the user checked to be the envelope's. */
    public record State(UUID userId, String email, String name, long version) {
    }

    /**
     * Applies one envelope: {@code changed} with the state a UserRegistered or UserUpdated carries,
     * {@code deleted} with the moment of a UserDeleted ({@code deleted_at}, else when the event occurred).
     *
     * @throws UnprocessableEventException when the state is another user's or has no version
     */
    public static void apply(UserEnvelope event, Consumer<State> changed, BiConsumer<UUID, Instant> deleted) {
        UUID userId = EventCodec.userId(event);
        switch (event.getKindCase()) {
            case USER_REGISTERED -> changed.accept(state(userId, event.getUserRegistered().getUser()));
            case USER_UPDATED -> changed.accept(state(userId, event.getUserUpdated().getUser()));
            case USER_DELETED -> deleted.accept(userId, event.getUserDeleted().hasDeletedAt()
                    ? EventCodec.instant(event.getUserDeleted().getDeletedAt()) : EventCodec.occurredAt(event));
            default -> {
                // SessionsRevoked: platform's RevocationConsumer handles it in its own group.
            }
        }
    }

    private static State state(UUID userId, User user) {
        if (!userId.toString().equals(user.getId())) {
            throw new UnprocessableEventException("the user state belongs to another user than the envelope");
        }
        if (user.getVersion() <= 0) {
            throw new UnprocessableEventException("a user state without a version");
        }
        return new State(userId, user.getEmail(), user.getName(), user.getVersion());
    }
}
