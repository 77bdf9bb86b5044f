package dev.orchestra.sync.rest;

import dev.orchestra.platform.id.Ids;
import dev.orchestra.sync.service.LiveUpdates;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.Blocking;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * {@code GET /ws?device_id=…}: live changes for the user's devices (docs/architecture.md section 6, step 5).
 * The upgrade is authenticated (header, or the browser subprotocol carrier) and the device checked
 * by {@link DeviceUpgradeCheck} before this opens; the server only sends — frames from clients are
 * ignored. The first frame after opening is the user's account.
 */
@WebSocket(path = "/ws")
@Authenticated
public class SyncSocket {

    private static final Logger LOG = Logger.getLogger(SyncSocket.class);

    private final SocketRegistry registry;
    private final LiveUpdates live;
    private final SecurityIdentity identity;

    public SyncSocket(SocketRegistry registry, LiveUpdates live, SecurityIdentity identity) {
        this.registry = registry;
        this.live = live;
        this.identity = identity;
    }

    @OnOpen
    @Blocking // the account is read from the database
    void open(WebSocketConnection connection) {
        UUID deviceId = DeviceUpgradeCheck.deviceId(connection.handshakeRequest().query());
        if (deviceId == null || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            connection.close(new CloseReason(1008, "no device")).subscribe().with(ok -> { }, failure -> { });
            return;
        }
        UUID userId = UUID.fromString(token.getSubject());
        UUID sessionId = Ids.parseOrNull(token.getClaim("sid"));
        registry.add(connection, userId, deviceId, sessionId, Instant.ofEpochSecond(token.getExpirationTime()));
        // Registered first: a revocation or an account change committed from now on reaches this
        // socket by its poke; what was committed before, socketOpened reads.
        Object plan = token.getClaim("plan");
        try {
            if (!live.socketOpened(userId, sessionId, connection.id(), plan instanceof String text ? text : null)) {
                connection.close(new CloseReason(SocketRegistry.TOKEN_ENDED, "session revoked")).subscribe().with(ok -> { }, failure -> { });
            }
        } catch (RuntimeException e) {
            // The database failed this instant: 1011 (server error) makes the client reconnect, and the
            // account frame it is owed comes with the next opening.
            LOG.warnf("socket %s: could not send the account frame (%s): closed with 1011", connection.id(), e.getMessage());
            connection.close(new CloseReason(1011, "try again")).subscribe().with(ok -> { }, failure -> { });
        }
    }

    @OnTextMessage
    void ignore(String message) {
        // Clients have nothing to say here: they push and pull over HTTP.
    }

    @OnClose
    void closed(WebSocketConnection connection) {
        registry.remove(connection);
    }
}
