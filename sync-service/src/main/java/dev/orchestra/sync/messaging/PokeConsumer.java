package dev.orchestra.sync.messaging;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.proto.events.v1.AccountChanged;
import dev.orchestra.proto.events.v1.PokeEnvelope;
import dev.orchestra.sync.domain.Account;
import dev.orchestra.sync.domain.Origin;
import dev.orchestra.sync.service.LiveUpdates;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The broadcast {@code sync.pokes.v1}, read by every replica in a group of its own from the latest
 * offset: no inbox (a poke changes no state), no dead letters (a poke this replica cannot use is
 * nothing to replay — the device pulls).
 */
@ApplicationScoped
public class PokeConsumer {

    private static final Logger LOG = Logger.getLogger(PokeConsumer.class);

    private final LiveUpdates live;

    public PokeConsumer(LiveUpdates live) {
        this.live = live;
    }

    @Incoming("pokes")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        PokeEnvelope poke;
        UUID userId;
        try {
            poke = PokeEnvelope.parseFrom(record.value());
            userId = UUID.fromString(poke.getUserId());
        } catch (InvalidProtocolBufferException | IllegalArgumentException | NullPointerException e) {
            LOG.warnf("pokes: %s-%d@%d is not a poke (%s): skipped", record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        try {
            switch (poke.getKindCase()) {
                case CHANGES_APPENDED -> {
                    var appended = poke.getChangesAppended();
                    Origin origin = appended.hasOrigin() && !appended.getOrigin().getDeviceId().isEmpty()
                            ? new Origin(UUID.fromString(appended.getOrigin().getDeviceId()), appended.getOrigin().getMutationId())
                            : null;
                    live.changesAppended(userId, appended.getFromSeq(), appended.getToSeq(), origin, appended.getRejected());
                }
                case SOCKETS_CLOSED -> live.socketsClosed(userId,
                        poke.getSocketsClosed().getSessionIdsList().stream().map(UUID::fromString).toList(),
                        poke.getSocketsClosed().getAllSessions());
                case ACCOUNT_CHANGED -> live.accountChanged(userId, account(poke.getAccountChanged()));
                default -> {
                    // A kind added later: nothing to do with it yet.
                }
            }
        } catch (RuntimeException e) {
            // A socket or the database failed for this poke: the devices catch up by pulling.
            LOG.warnf(e, "pokes: could not deliver %s for user %s", poke.getKindCase(), userId);
        }
    }

    private static Account account(AccountChanged changed) {
        return new Account(changed.getPlan(), changed.getStatus().isEmpty() ? null : changed.getStatus(), changed.getCancelAtPeriodEnd(),
                changed.hasCurrentPeriodEnd() ? EventCodec.instant(changed.getCurrentPeriodEnd()) : null, changed.getSubscriptionVersion());
    }
}
