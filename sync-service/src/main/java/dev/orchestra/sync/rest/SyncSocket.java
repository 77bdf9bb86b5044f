package dev.orchestra.sync.rest;

import dev.orchestra.platform.id.Ids;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code GET /ws?device_id=…}: live changes for the user's devices (DESIGN.md section 6, step 5).
 * The upgrade is authenticated (header, or the browser subprotocol carrier) and the device checked
 * by {@link DeviceUpgradeCheck} before this opens; the server only sends — frames from clients are
 * ignored.
 */
@WebSocket(path = "/ws")
@Authenticated
public class SyncSocket {

    private final SocketRegistry registry;
    private final SecurityIdentity identity;

    public SyncSocket(SocketRegistry registry, SecurityIdentity identity) {
        this.registry = registry;
        this.identity = identity;
    }

    @OnOpen
    void open(WebSocketConnection connection) {
        UUID deviceId = DeviceUpgradeCheck.deviceId(connection.handshakeRequest().query());
        if (deviceId == null || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            connection.close(new CloseReason(1008, "no device")).subscribe().with(ok -> { }, failure -> { });
            return;
        }
        registry.add(connection, UUID.fromString(token.getSubject()), deviceId, Ids.parseOrNull(token.getClaim("sid")),
                Instant.ofEpochSecond(token.getExpirationTime()));
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
