package dev.orchestra.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestra.proto.events.v1.SessionsRevoked;
import dev.orchestra.proto.events.v1.User;
import dev.orchestra.proto.events.v1.UserDeleted;
import dev.orchestra.proto.events.v1.UserEnvelope;
import dev.orchestra.proto.events.v1.UserRegistered;
import dev.orchestra.proto.events.v1.UserUpdated;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which callback each kind of auth.users.v1 envelope reaches, with what, and which states are refused. */
class UserProjectionTest {

    static final UUID USER = UUID.randomUUID();
    static final Instant OCCURRED = Instant.parse("2026-03-01T10:00:00Z");

    final List<UserProjection.State> changed = new ArrayList<>();
    final List<Instant> deleted = new ArrayList<>();

    void apply(UserEnvelope.Builder event) {
        UserProjection.apply(event.build(), changed::add, (user, at) -> {
            assertThat(user).isEqualTo(USER);
            deleted.add(at);
        });
    }

    static UserEnvelope.Builder envelope() {
        return UserEnvelope.newBuilder().setEventId(UUID.randomUUID().toString()).setUserId(USER.toString())
                .setOccurredAt(EventCodec.timestamp(OCCURRED));
    }

    static User user(String id, long version) {
        return User.newBuilder().setId(id).setEmail("ada@example.com").setName("Ada").setVersion(version).build();
    }

    @Test
    void registeredAndUpdatedCarryTheUsersState() {
        apply(envelope().setUserRegistered(UserRegistered.newBuilder().setUser(user(USER.toString(), 1))));
        apply(envelope().setUserUpdated(UserUpdated.newBuilder().setUser(user(USER.toString(), 2))));
        assertThat(changed).containsExactly(new UserProjection.State(USER, "ada@example.com", "Ada", 1),
                new UserProjection.State(USER, "ada@example.com", "Ada", 2));
        assertThat(deleted).isEmpty();
    }

    @Test
    void deletedCarriesItsDeletedAtOrElseWhenItOccurred() {
        Instant deletedAt = Instant.parse("2026-02-28T09:00:00Z");
        apply(envelope().setUserDeleted(UserDeleted.newBuilder().setDeletedAt(EventCodec.timestamp(deletedAt))));
        apply(envelope().setUserDeleted(UserDeleted.getDefaultInstance()));
        assertThat(deleted).containsExactly(deletedAt, OCCURRED);
        assertThat(changed).isEmpty();
    }

    @Test
    void revocationsAndUnknownKindsReachNeither() {
        apply(envelope().setSessionsRevoked(SessionsRevoked.newBuilder().addSessionIds(UUID.randomUUID().toString())));
        apply(envelope());
        assertThat(changed).isEmpty();
        assertThat(deleted).isEmpty();
    }

    @Test
    void anotherUsersStateOrOneWithoutAVersionIsUnprocessable() {
        assertThatThrownBy(() -> apply(envelope().setUserUpdated(UserUpdated.newBuilder().setUser(user(UUID.randomUUID().toString(), 1)))))
                .isInstanceOf(UnprocessableEventException.class).hasMessage("the user state belongs to another user than the envelope");
        assertThatThrownBy(() -> apply(envelope().setUserRegistered(UserRegistered.newBuilder().setUser(user(USER.toString(), 0)))))
                .isInstanceOf(UnprocessableEventException.class).hasMessage("a user state without a version");
        assertThat(changed).isEmpty();
    }
}
