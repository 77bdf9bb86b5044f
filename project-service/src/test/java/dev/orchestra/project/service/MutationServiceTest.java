package dev.orchestra.project.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.project.domain.EntityKind;
import dev.orchestra.project.domain.Origin;
import dev.orchestra.project.domain.Project;
import dev.orchestra.project.domain.Refusal;
import dev.orchestra.project.domain.SyncMutation;
import dev.orchestra.project.domain.SyncMutation.Operation;
import dev.orchestra.project.support.Api;
import dev.orchestra.project.support.Api.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outcome of a sync mutation is decided in the service, as a sealed type: applied, unchanged,
 * rejected with a domain refusal (whose kind gives the rejection reason), or dropped for an erased
 * user. (MutationTest drives the same through Kafka and reads the events.)
 */
@QuarkusTest
class MutationServiceTest {

    @Inject
    MutationService mutations;

    private User user;
    private long nextMutation;

    @BeforeEach
    void user() {
        user = User.fresh();
        nextMutation = 1;
    }

    @Test
    void aCreateIsAppliedThenTheSameCreateIsUnchangedAndAnotherIsRejectedWithTheCurrentState() {
        UUID id = UUID.randomUUID();
        assertThat(apply(EntityKind.PROJECT, Operation.CREATE, id, null, "{\"name\": \"one\"}"))
                .isInstanceOf(MutationOutcome.Applied.class);
        assertThat(apply(EntityKind.PROJECT, Operation.CREATE, id, null, "{\"name\": \"one\"}"))
                .isInstanceOf(MutationOutcome.Unchanged.class);

        MutationOutcome.Rejected rejected = rejected(apply(EntityKind.PROJECT, Operation.CREATE, id, null, "{\"name\": \"two\"}"));
        assertThat(rejected.refusal().kind()).isEqualTo(Refusal.Kind.ID_TAKEN);
        assertThat(rejected.current()).isInstanceOf(Project.class);
    }

    @Test
    void refusalsCarryTheirKindAndFieldsAndNothingOfAStrangersEntity() {
        UUID id = Api.project(user, "mine");
        MutationOutcome.Rejected stale = rejected(apply(EntityKind.PROJECT, Operation.UPDATE, id, 7L, "{\"name\": \"x\"}"));
        assertThat(stale.refusal().kind()).isEqualTo(Refusal.Kind.STALE_VERSION);
        assertThat(stale.current()).as("the user's own entity: its state").isInstanceOf(Project.class);

        Refusal invalid = rejected(apply(EntityKind.PROJECT, Operation.UPDATE, id, 1L, "{\"name\": \"\"}")).refusal();
        assertThat(invalid.kind()).isEqualTo(Refusal.Kind.INVALID);
        assertThat(invalid.fields()).containsKey("name");

        UUID theirs = Api.project(User.fresh(), "theirs");
        MutationOutcome.Rejected foreign = rejected(apply(EntityKind.PROJECT, Operation.UPDATE, theirs, 1L, "{\"name\": \"x\"}"));
        assertThat(foreign.refusal().kind()).isEqualTo(Refusal.Kind.NOT_FOUND);
        assertThat(foreign.current()).isNull();
        assertThat(foreign.refusal().fields()).isEmpty();
    }

    @Test
    void anUnknownOperationIsAnOutcomeNotAFailure() {
        Refusal unknown = rejected(apply(EntityKind.PROJECT, Operation.UNKNOWN, UUID.randomUUID(), null, "{}")).refusal();
        assertThat(unknown.fields()).containsEntry("op", "Must be create, update or delete");
    }

    @Test
    void aFailureForGoodIsAGenericRejection() {
        SyncMutation mutation = mutation(EntityKind.PROJECT, Operation.CREATE, UUID.randomUUID(), null, "{\"name\": \"x\"}");
        MutationOutcome outcome = QuarkusTransaction.requiringNew().call(() -> mutations.failed(user.id(), mutation,
                new IllegalStateException("a bug")));
        Refusal refusal = rejected(outcome).refusal();
        assertThat(refusal.kind()).isEqualTo(Refusal.Kind.INVALID);
        assertThat(refusal.getMessage()).isEqualTo(MutationService.FAILED_MESSAGE).doesNotContain("bug");
    }

    private static MutationOutcome.Rejected rejected(MutationOutcome outcome) {
        assertThat(outcome).isInstanceOf(MutationOutcome.Rejected.class);
        return (MutationOutcome.Rejected) outcome;
    }

    private MutationOutcome apply(EntityKind entity, Operation operation, UUID id, Long baseVersion, String data) {
        SyncMutation mutation = mutation(entity, operation, id, baseVersion, data);
        return QuarkusTransaction.requiringNew().call(() -> mutations.apply(user.id(), mutation));
    }

    private SyncMutation mutation(EntityKind entity, Operation operation, UUID id, Long baseVersion, String data) {
        return new SyncMutation(new Origin("device-test", nextMutation++), entity, id, id.toString(), operation, data, baseVersion);
    }
}
