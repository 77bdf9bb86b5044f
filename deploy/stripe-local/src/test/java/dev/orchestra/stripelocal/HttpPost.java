package dev.orchestra.stripelocal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Plain HTTP against a server, for what stripe-java does not do (pages, the control surface, raw API calls). */
final class HttpPost {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private HttpPost() {
    }

    /** An API POST with the server's key; fails unless it answers 200. */
    static String form(LocalStripe stripe, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(stripe.baseUrl() + path))
                .header("Authorization", "Bearer " + stripe.apiKey())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** A browser's request (no API key, redirects not followed). */
    static HttpResponse<String> browser(String method, String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("")
                        : HttpRequest.BodyPublishers.noBody())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> bytes(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
