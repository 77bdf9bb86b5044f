package dev.orchestra.stripelocal;

import com.google.gson.JsonElement;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The few things every handler does with a JDK HttpExchange. */
final class Http {

    private Http() {
    }

    /** Query parameters, then the form body's (any content type but JSON is read as a form, as Stripe does). */
    static List<String[]> pairs(HttpExchange ex) throws IOException {
        List<String[]> out = new ArrayList<>(Params.pairs(ex.getRequestURI().getRawQuery()));
        byte[] body = ex.getRequestBody().readAllBytes();
        if (body.length > 0) {
            out.addAll(Params.pairs(new String(body, StandardCharsets.UTF_8)));
        }
        return out;
    }

    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        ex.getResponseHeaders().set("Cache-Control", "no-cache, no-store");
        boolean empty = body.length == 0 || ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    static void json(HttpExchange ex, int status, JsonElement body) throws IOException {
        send(ex, status, "application/json", Json.GSON.toJson(body).getBytes(StandardCharsets.UTF_8));
    }

    static void html(HttpExchange ex, int status, String page) throws IOException {
        send(ex, status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    /** 303 See Other: after a form POST the browser GETs the location. */
    static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        send(ex, 303, null, new byte[0]);
    }
}
