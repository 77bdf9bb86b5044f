package dev.orchestra.sync.service;

import java.util.Set;
import java.util.UUID;

/**
 * The sockets this replica holds (implemented by the WebSocket endpoint's registry). Only this
 * JVM's sockets: the other replicas do the same from the same broadcast.
 */
public interface LiveSockets {

    /** The devices of this user with a socket here (empty when none). */
    Set<UUID> devicesOf(UUID userId);

    /** Sends a text frame to every socket of this user's device here. */
    void sendToDevice(UUID userId, UUID deviceId, String frame);

    /**
     * Sends an account frame of this subscription version to the user's sockets here — only to the
     * socket {@code socketId} when it is given — skipping each socket that already got this version
     * or a newer one, so that a socket never sees its account go backwards.
     */
    void sendAccount(UUID userId, String socketId, long version, String frame);

    /** Closes (code 4401) the user's sockets of these sessions, or all of them when {@code sessions} is null. */
    void close(UUID userId, Set<UUID> sessions, String reason);
}
