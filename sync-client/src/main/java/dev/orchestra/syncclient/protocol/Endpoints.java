package dev.orchestra.syncclient.protocol;

import java.net.URI;

/** Where routes are: a server's base URL (scheme, host, port, maybe a path prefix) and a route. */
public final class Endpoints {

    private Endpoints() {
    }

    public static URI resolve(URI base, String route) {
        String text = base.toString();
        return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + route);
    }

    /** The socket's address: {@code ws(s)://…/ws?device_id=…}. */
    public static URI socket(URI base, java.util.UUID device) {
        return resolve(URI.create(base.toString().replaceFirst("^http", "ws")), "/ws?device_id=" + device);
    }
}
