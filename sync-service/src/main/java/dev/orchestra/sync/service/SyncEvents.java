package dev.orchestra.sync.service;

import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.outbox.Outbox;
import dev.orchestra.proto.events.v1.AccountChanged;
import dev.orchestra.proto.events.v1.ChangesAppended;
import dev.orchestra.proto.events.v1.EntityType;
import dev.orchestra.proto.events.v1.MutationEnvelope;
import dev.orchestra.proto.events.v1.MutationSubmitted;
import dev.orchestra.proto.events.v1.Operation;
import dev.orchestra.proto.events.v1.PokeEnvelope;
import dev.orchestra.proto.events.v1.SocketsClosed;
import dev.orchestra.sync.domain.Account;
import dev.orchestra.sync.domain.EntityKind;
import dev.orchestra.sync.domain.Op;
import dev.orchestra.sync.domain.Origin;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Collection;
import java.util.UUID;

/**
 * What this service publishes, through the outbox in the caller's transaction: each accepted
 * mutation on {@code sync.mutations.v1}, and on the broadcast {@code sync.pokes.v1} what every
 * replica must push to its sockets or close.
 */
@ApplicationScoped
public class SyncEvents {

    public static final String MUTATIONS = "sync.mutations.v1";
    public static final String POKES = "sync.pokes.v1";

    /** A mutation as the device pushed it, its data as JSON text. */
    public record Submitted(long id, EntityKind entity, Op op, UUID entityId, Long baseVersion, String dataJson) {
    }

    private final Outbox outbox;
    private final Clock clock;

    public SyncEvents(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    public void mutationSubmitted(UUID userId, UUID deviceId, Submitted mutation) {
        MutationSubmitted.Builder submitted = MutationSubmitted.newBuilder()
                .setOrigin(dev.orchestra.proto.events.v1.Origin.newBuilder().setDeviceId(deviceId.toString()).setMutationId(mutation.id()))
                .setEntity(mutation.entity() == EntityKind.PROJECT ? EntityType.ENTITY_TYPE_PROJECT : EntityType.ENTITY_TYPE_FILE)
                .setOp(switch (mutation.op()) {
                    case CREATE -> Operation.OPERATION_CREATE;
                    case UPDATE -> Operation.OPERATION_UPDATE;
                    case DELETE -> Operation.OPERATION_DELETE;
                })
                .setEntityId(mutation.entityId().toString())
                .setDataJson(mutation.dataJson() == null ? "" : mutation.dataJson());
        if (mutation.baseVersion() != null) {
            submitted.setBaseVersion(mutation.baseVersion());
        }
        outbox.publish(MUTATIONS, MutationEnvelope.newBuilder().setEventId(Ids.newId(clock).toString())
                .setOccurredAt(EventCodec.timestamp(clock.instant())).setUserId(userId.toString())
                .setMutationSubmitted(submitted).build());
    }

    /** The user's log grew from {@code fromSeq} to {@code toSeq} (0, 0: nothing), and/or origin's mutation was rejected. */
    public void changesAppended(UUID userId, long fromSeq, long toSeq, Origin origin, boolean rejected) {
        ChangesAppended.Builder appended = ChangesAppended.newBuilder().setFromSeq(fromSeq).setToSeq(toSeq).setRejected(rejected);
        if (origin != null) {
            appended.setOrigin(dev.orchestra.proto.events.v1.Origin.newBuilder().setDeviceId(origin.deviceId().toString())
                    .setMutationId(origin.mutationId()));
        }
        outbox.publish(POKES, poke(userId).setChangesAppended(appended).build());
    }

    public void socketsClosed(UUID userId, Collection<UUID> sessionIds) {
        outbox.publish(POKES, poke(userId).setSocketsClosed(SocketsClosed.newBuilder()
                .addAllSessionIds(sessionIds.stream().map(UUID::toString).toList())).build());
    }

    public void allSocketsClosed(UUID userId) {
        outbox.publish(POKES, poke(userId).setSocketsClosed(SocketsClosed.newBuilder().setAllSessions(true)).build());
    }

    /** The user's account changed (a higher subscription version): every socket of theirs gets the account frame. */
    public void accountChanged(UUID userId, Account account) {
        AccountChanged.Builder changed = AccountChanged.newBuilder().setPlan(account.plan())
                .setStatus(account.status() == null ? "" : account.status()).setCancelAtPeriodEnd(account.cancelAtPeriodEnd())
                .setSubscriptionVersion(account.subscriptionVersion());
        if (account.currentPeriodEnd() != null) {
            changed.setCurrentPeriodEnd(EventCodec.timestamp(account.currentPeriodEnd()));
        }
        outbox.publish(POKES, poke(userId).setAccountChanged(changed).build());
    }

    private PokeEnvelope.Builder poke(UUID userId) {
        return PokeEnvelope.newBuilder().setEventId(Ids.newId(clock).toString())
                .setOccurredAt(EventCodec.timestamp(clock.instant())).setUserId(userId.toString());
    }
}
