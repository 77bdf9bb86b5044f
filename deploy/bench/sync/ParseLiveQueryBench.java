import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The sync benchmark's peer (./orchestra bench sync --peer parse): Parse LiveQuery's create → socket
 * latency under the load SyncBench puts on our stack. USERS Parse users, each with a project object
 * and two "devices": device A creates file objects over Parse's REST API (owner-only ACL) at a steady
 * total rate, step after step; device B holds a LiveQuery socket subscribed to the user's files with
 * the user's session, and the latency runs from the create being due to its event on B's socket. The
 * same warm-up, steps and verdict as SyncBench; no gateway in front (Parse is called on its own port).
 *
 * Usage: java -cp "<kafka libs>/*" ParseLiveQueryBench.java PARSE_URL USERS SECONDS_PER_STEP RATE...
 */
public class ParseLiveQueryBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    static final String PASSWORD = "bench password 123";

    /** A Parse user: its session, object id, project, and the lane its creates go out on (one at a time, like a device). */
    record ParseUser(String session, String id, String project, ExecutorService lane) {
    }

    /** Creates in flight by their bench_id: when each was due (ns). */
    static final Map<String, Long> DUE = new ConcurrentHashMap<>();
    static final List<Long> LATENCIES = Collections.synchronizedList(new ArrayList<>());
    static final AtomicLong ERRORS = new AtomicLong();
    static String url;

    public static void main(String[] args) throws Exception {
        url = args[0];
        int userCount = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int[] rates = Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt).toArray();

        System.out.printf("==> Parse: %d users, each with a LiveQuery socket on its files%n", userCount);
        List<ParseUser> users = new ArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < userCount; i++) {
            ParseUser user = signUp(i);
            users.add(user);
            sockets.add(subscribe(user));
        }
        System.out.printf("==> Parse warm-up: %d then %d creates/s, 15 s each, then 10 s of quiet (not counted)%n",
                Math.max(10, rates[0] / 4), Math.max(20, rates[0] / 2));
        step(users, Math.max(10, rates[0] / 4), 15);
        step(users, Math.max(20, rates[0] / 2), 15);
        TimeUnit.SECONDS.sleep(10);

        System.out.printf("%n%-14s %10s %10s %10s %10s %10s %10s%n", "Parse mut/s", "sent/s", "p50 ms", "p95 ms", "p99 ms", "missing", "errors");
        int best = 0;
        boolean limitReached = false;
        for (int rate : rates) {
            double[] r = step(users, rate, seconds);
            System.out.printf("%-14d %10.1f %10.1f %10.1f %10.1f %10d %10d%n", rate, r[0], r[1], r[2], r[3], (long) r[4], (long) r[5]);
            boolean sustained = r[3] <= 250 && r[4] == 0 && r[5] == 0 && r[0] >= rate * 0.95;
            if (sustained && !limitReached) {
                best = rate;
            }
            limitReached |= !sustained;
            if (limitReached && rate >= 200) {
                break;
            }
        }
        System.out.printf("%nParse: highest sustained rate with p99 <= 250 ms: %s creates/s (steps: %s)%n",
                limitReached ? String.valueOf(best) : "at least " + best + " (the limit lies beyond the last step)", Arrays.toString(rates));
        sockets.forEach(socket -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
        users.forEach(user -> user.lane().shutdown());
        System.exit(0);
    }

    /** One step at a steady rate: {sent/s, p50, p95, p99 (ms), missing, errors}. */
    static double[] step(List<ParseUser> users, int rate, int seconds) throws InterruptedException {
        DUE.clear();
        LATENCIES.clear();
        ERRORS.set(0);
        long total = (long) rate * seconds;
        long gap = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (long n = 0; n < total; n++) {
            long due = start + n * gap;
            LockSupport.parkNanos(due - System.nanoTime());
            ParseUser user = users.get((int) (n % users.size()));
            user.lane().execute(() -> create(user, due));
        }
        double sentPerSecond = total / ((System.nanoTime() - start) / 1e9);
        // Stragglers, as SyncBench waits for them: at least 5 s, at most 30 s, until all arrived.
        long until = System.nanoTime() + 30_000_000_000L;
        TimeUnit.SECONDS.sleep(5);
        while (!DUE.isEmpty() && System.nanoTime() < until) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        List<Long> sorted;
        synchronized (LATENCIES) {
            sorted = new ArrayList<>(LATENCIES);
        }
        Collections.sort(sorted);
        return new double[] {sentPerSecond, at(sorted, 50), at(sorted, 95), at(sorted, 99), total - sorted.size(), ERRORS.get()};
    }

    static double at(List<Long> sortedNanos, int percent) {
        if (sortedNanos.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percent / 100.0 * sortedNanos.size()) - 1;
        return sortedNanos.get(Math.max(0, index)) / 1e6;
    }

    /** A file object readable by its owner only; its latency counts from when it was due. */
    static void create(ParseUser user, long due) {
        String benchId = UUID.randomUUID().toString();
        DUE.put(benchId, due);
        String body = String.format("{\"bench_id\":\"%s\",\"owner\":\"%s\",\"project\":\"%s\",\"path\":\"bench/%s.txt\",\"content\":\"bench\","
                + "\"ACL\":{\"%s\":{\"read\":true,\"write\":true}}}", benchId, user.id(), user.project(), benchId, user.id());
        try {
            HttpResponse<String> answer = HTTP.send(request("/classes/BenchFile", user.session(), body), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 201) {
                ERRORS.incrementAndGet();
                DUE.remove(benchId);
            }
        } catch (Exception e) {
            ERRORS.incrementAndGet();
            DUE.remove(benchId);
        }
    }

    static ParseUser signUp(int n) throws Exception {
        String name = "bench-sync-" + System.currentTimeMillis() + "-" + n + "@bench.example.com";
        JsonNode user = JSON.readTree(send(request("/users", null,
                JSON.writeValueAsString(Map.of("username", name, "email", name, "password", PASSWORD)))));
        String session = user.get("sessionToken").asText();
        String id = user.get("objectId").asText();
        JsonNode project = JSON.readTree(send(request("/classes/BenchProject", session,
                String.format("{\"name\":\"bench\",\"ACL\":{\"%s\":{\"read\":true,\"write\":true}}}", id))));
        return new ParseUser(session, id, project.get("objectId").asText(), Executors.newSingleThreadExecutor());
    }

    /** Device B: a LiveQuery socket, connected with the user's session and subscribed to the user's files. */
    static WebSocket subscribe(ParseUser user) throws Exception {
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(url.replaceFirst("^http", "ws")), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    long now = System.nanoTime();
                    try {
                        JsonNode message = JSON.readTree(text.toString());
                        switch (message.path("op").asText()) {
                            case "connected" -> webSocket.sendText(JSON.writeValueAsString(Map.of("op", "subscribe", "requestId", 1,
                                    "sessionToken", user.session(),
                                    "query", Map.of("className", "BenchFile", "where", Map.of("owner", user.id())))), true);
                            case "subscribed" -> subscribed.complete(null);
                            case "create" -> {
                                Long due = DUE.remove(message.path("object").path("bench_id").asText());
                                if (due != null) {
                                    LATENCIES.add(now - due);
                                }
                            }
                            case "error" -> subscribed.completeExceptionally(new IllegalStateException(text.toString()));
                            default -> {
                                // other events (none for a create-only load)
                            }
                        }
                    } catch (Exception e) {
                        subscribed.completeExceptionally(e);
                    }
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        socket.sendText(JSON.writeValueAsString(Map.of("op", "connect", "applicationId", "bench", "sessionToken", user.session())), true);
        subscribed.get(10, TimeUnit.SECONDS);
        return socket;
    }

    static HttpRequest request(String path, String session, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                .header("X-Parse-Application-Id", "bench").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            builder.header("X-Parse-Session-Token", session);
        }
        return builder.build();
    }

    static String send(HttpRequest request) throws Exception {
        HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException(request.uri() + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }
}
