package dev.orchestra.sync.rest;

import dev.orchestra.sync.service.LiveSockets;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The sockets this replica holds, by user: who they are (device, session) and when their token
 * expires. A socket is closed with 4401 when its token expires (a timer of our own: the JWT
 * identity carries no expiry Quarkus would act on) or when its session is revoked. Each socket also
 * remembers the subscription version of the last account frame it got, so that frames from a poke
 * and from the socket's opening, racing each other, never move its account backwards.
 */
@ApplicationScoped
public class SocketRegistry implements LiveSockets {

    public static final int TOKEN_ENDED = 4401;
    private static final Logger LOG = Logger.getLogger(SocketRegistry.class);
    private static final String PING = "{\"type\":\"ping\"}";

    private record Socket(WebSocketConnection connection, UUID userId, UUID deviceId, UUID sessionId, long expiryTimer,
                          AccountSent account) {
    }

    /** The subscription version of the last account frame sent to a socket (-1: none yet, so even version 0 goes out). */
    private static final class AccountSent {
        private long version = -1;

        /** Sends (in this lock, so frames leave in version order) when the version is newer than the last sent. */
        synchronized void sendIfNewer(WebSocketConnection connection, long newVersion, String frame) {
            if (newVersion > version) {
                version = newVersion;
                send(connection, frame);
            }
        }
    }

    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
    private final Map<UUID, Set<String>> byUser = new ConcurrentHashMap<>();
    private final Vertx vertx;

    public SocketRegistry(Vertx vertx, io.micrometer.core.instrument.MeterRegistry metrics) {
        this.vertx = vertx;
        io.micrometer.core.instrument.Gauge.builder("orchestra.sync.sockets", sockets, Map::size)
                .description("WebSocket connections this replica holds").register(metrics);
    }

    void add(WebSocketConnection connection, UUID userId, UUID deviceId, UUID sessionId, Instant tokenExpiresAt) {
        long delay = Math.max(1, tokenExpiresAt.toEpochMilli() - System.currentTimeMillis());
        long timer = vertx.setTimer(delay, id -> close(connection, "token expired"));
        sockets.put(connection.id(), new Socket(connection, userId, deviceId, sessionId, timer, new AccountSent()));
        // Atomic per user: a remove emptying the set at the same moment cannot drop this socket with it.
        byUser.compute(userId, (user, ids) -> {
            Set<String> all = ids == null ? ConcurrentHashMap.newKeySet() : ids;
            all.add(connection.id());
            return all;
        });
    }

    void remove(WebSocketConnection connection) {
        Socket socket = sockets.remove(connection.id());
        if (socket != null) {
            vertx.cancelTimer(socket.expiryTimer());
            byUser.computeIfPresent(socket.userId(), (user, ids) -> {
                ids.remove(connection.id());
                return ids.isEmpty() ? null : ids;
            });
        }
    }

    @Override
    public Set<UUID> devicesOf(UUID userId) {
        return socketsOf(userId).stream().map(Socket::deviceId).collect(Collectors.toSet());
    }

    @Override
    public void sendToDevice(UUID userId, UUID deviceId, String frame) {
        for (Socket socket : socketsOf(userId)) {
            if (socket.deviceId().equals(deviceId)) {
                send(socket.connection(), frame);
            }
        }
    }

    @Override
    public void sendAccount(UUID userId, String socketId, long version, String frame) {
        for (Socket socket : socketsOf(userId)) {
            if (socketId == null || socket.connection().id().equals(socketId)) {
                socket.account().sendIfNewer(socket.connection(), version, frame);
            }
        }
    }

    @Override
    public void close(UUID userId, Set<UUID> sessions, String reason) {
        for (Socket socket : socketsOf(userId)) {
            if (sessions == null || sessions.contains(socket.sessionId())) {
                close(socket.connection(), reason);
            }
        }
    }

    @Scheduled(every = "{orchestra.sync.ping-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void ping() {
        sockets.values().forEach(socket -> send(socket.connection(), PING));
    }

    private Set<Socket> socketsOf(UUID userId) {
        Set<String> ids = byUser.get(userId);
        if (ids == null) {
            return Set.of();
        }
        return ids.stream().map(sockets::get).filter(java.util.Objects::nonNull).collect(Collectors.toSet());
    }

    private static void send(WebSocketConnection connection, String frame) {
        if (connection.isOpen()) {
            connection.sendText(frame).subscribe().with(ok -> { }, failure -> LOG.debugf("socket %s: send failed: %s",
                    connection.id(), failure.getMessage()));
        }
    }

    private static void close(WebSocketConnection connection, String reason) {
        if (connection.isOpen()) {
            connection.close(new CloseReason(TOKEN_ENDED, reason)).subscribe().with(ok -> { }, failure -> { });
        }
    }
}
