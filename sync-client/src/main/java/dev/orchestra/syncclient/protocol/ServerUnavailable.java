package dev.orchestra.syncclient.protocol;

import java.io.IOException;
import java.time.Duration;

/** The server (or the gateway in front of it) cannot serve now: 502/503/504, or 429 with its Retry-After. */
public class ServerUnavailable extends IOException {

    private final Duration retryAfter;

    public ServerUnavailable(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** How long the server asked to wait; null when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
