package dev.orchestra.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, with the request line sent exactly as given. HTTP client libraries
 * normalise paths ("/a/../q" becomes "/q", "//" is folded), which would hide precisely the
 * spellings the gateway must refuse.
 */
final class RawHttp {

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    static Response get(URI base, String rawPath) throws IOException {
        return send(base, "GET", rawPath, Map.of(), null);
    }

    static Response send(URI base, String method, String rawPath, Map<String, String> headers, byte[] body)
            throws IOException {
        return sendFrom(null, base, method, rawPath, headers, body);
    }

    /** The same from a chosen local address (another loopback address, say: 127.0.0.2). */
    static Response sendFrom(java.net.InetAddress local, URI base, String method, String rawPath, Map<String, String> headers,
                             byte[] body) throws IOException {
        try (Socket socket = local == null ? new Socket(base.getHost(), base.getPort())
                : new Socket(java.net.InetAddress.getByName(base.getHost()), base.getPort(), local, 0)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder()
                    .append(method).append(' ').append(rawPath).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(base.getHost()).append("\r\n")
                    .append("Connection: close\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                request.append("Content-Length: ").append(body.length).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                try {
                    out.write(body);
                } catch (IOException closedEarly) {
                    // nginx may answer (413) and close before it has read the whole body.
                }
            }
            out.flush();
            Response response = read(socket.getInputStream());
            ApiContract.check(method, rawPath, response.status(), response.headers(), response.body());
            return response;
        }
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        try {
            while ((n = in.read(buffer)) != -1) {
                all.write(buffer, 0, n);
            }
        } catch (IOException reset) {
            // A reset after the response (413 with an unread body) still leaves the response readable.
            if (all.size() == 0) {
                throw reset;
            }
        }
        String raw = all.toString(StandardCharsets.ISO_8859_1);
        int headerEnd = raw.indexOf("\r\n\r\n");
        String[] lines = raw.substring(0, headerEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = raw.substring(headerEnd + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
