package dev.orchestra.auth.rest;

import dev.orchestra.auth.service.Device;
import io.vertx.core.http.HttpServerRequest;

/**
 * The device of a login, as the session list shows it. The address is the gateway's
 * {@code X-Real-IP} (only the gateway reaches the services), or the peer's address without one.
 */
final class Devices {

    private Devices() {
    }

    static Device of(HttpServerRequest request) {
        String ip = request.getHeader("X-Real-IP");
        if (ip == null || ip.isBlank() || ip.length() > 64) {
            ip = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        }
        return new Device(request.getHeader("User-Agent"), ip);
    }
}
