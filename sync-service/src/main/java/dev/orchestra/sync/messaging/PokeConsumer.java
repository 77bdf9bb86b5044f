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
import jakarta.annotation.PreDestroy;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The broadcast {@code sync.pokes.v1}, read by every replica in a group of its own from the latest
 * offset: no inbox (a poke changes no state), no dead letters (a poke this replica cannot use is
 * nothing to replay — the device pulls).
 *
 * <p>Delivering a poke waits on the database and on sockets, so one poke at a time made every user wait
 * for everyone else's (the slowest hop of {@code ./orchestra bench sync}). Pokes go to lanes instead: a
 * user's pokes always to the same lane, one at a time and in order, different users' in parallel. A full
 * lane makes the consumer wait, so the backlog stays bounded.
 */
@ApplicationScoped
public class PokeConsumer {

    private static final Logger LOG = Logger.getLogger(PokeConsumer.class);
    private static final int LANE_CAPACITY = 1000;

    private final LiveUpdates live;
    private final ThreadPoolExecutor[] lanes;

    public PokeConsumer(LiveUpdates live, @ConfigProperty(name = "orchestra.sync.poke-lanes", defaultValue = "4") int laneCount) {
        this.live = live;
        this.lanes = new ThreadPoolExecutor[Math.max(1, laneCount)];
        for (int i = 0; i < lanes.length; i++) {
            String name = "poke-lane-" + i;
            lanes[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(LANE_CAPACITY), runnable -> {
                Thread thread = new Thread(runnable, name);
                thread.setDaemon(true);
                return thread;
            }, PokeConsumer::waitForRoom);
        }
    }

    /** A full lane: the consumer waits for room rather than dropping or reordering a poke. */
    private static void waitForRoom(Runnable poke, ThreadPoolExecutor lane) {
        try {
            if (!lane.isShutdown()) {
                lane.getQueue().put(poke);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        for (ThreadPoolExecutor lane : lanes) {
            lane.shutdown();
        }
        for (ThreadPoolExecutor lane : lanes) {
            try {
                lane.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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
        UUID user = userId;
        lanes[Math.floorMod(user.hashCode(), lanes.length)].execute(() -> deliver(poke, user));
    }

    private void deliver(PokeEnvelope poke, UUID userId) {
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
