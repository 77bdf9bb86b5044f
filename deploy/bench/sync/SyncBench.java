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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;

/**
 * ./orchestra bench sync: USERS users with two devices each, connected over the gateway. Device A of
 * each user pushes file creates at a steady total rate, step after step; the latency is from the
 * push leaving the client to the change reaching device B's socket (push → sync-service →
 * sync.mutations.v1 → project-service → project.events.v1 → the change log → sync.pokes.v1 → the
 * socket). Beside it, the floor: a record's produce-to-consume latency on the same broker.
 *
 * Usage: java -cp "<kafka libs>/*" SyncBench.java GATEWAY_URL BOOTSTRAP USERS SECONDS_PER_STEP RATE...
 */
public class SyncBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static String gateway;

    record User(String token, String[] projects, UUID deviceA, UUID deviceB, AtomicLong nextMutation, ExecutorService lane) {
    }

    /** Sent-at per file id, and the latencies observed on B's sockets. */
    static final Map<UUID, Long> SENT = new ConcurrentHashMap<>();
    static final List<Long> LATENCIES = java.util.Collections.synchronizedList(new ArrayList<>());
    static final AtomicLong PUSH_ERRORS = new AtomicLong();

    public static void main(String[] args) throws Exception {
        gateway = args[0];
        String bootstrap = args[1];
        int users = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int[] rates = Arrays.stream(args, 4, args.length).mapToInt(Integer::parseInt).toArray();

        System.out.printf("==> setting up %d users × 2 devices through %s%n", users, gateway);
        List<User> all = setUp(users);
        List<WebSocket> sockets = new ArrayList<>();
        for (User user : all) {
            sockets.add(connect(user, user.deviceA(), false));
            sockets.add(connect(user, user.deviceB(), true));
        }
        Thread.sleep(2000);

        System.out.printf("==> Kafka floor: produce → consume on %s (acks=all, linger 0), 200 records/s for 10 s%n", bootstrap);
        long[] floor = kafkaFloor(bootstrap);

        // Freshly started services compile their hot paths (JIT) under the first load: a gentle warm-up,
        // then a pause for whatever it left in flight, so the steps measure the services, not the JIT.
        System.out.printf("==> warm-up: %d then %d mutations/s, 15 s each, then 10 s of quiet (not counted)%n",
                Math.max(10, rates[0] / 4), Math.max(20, rates[0] / 2));
        step(all, Math.max(10, rates[0] / 4), 15);
        step(all, Math.max(20, rates[0] / 2), 15);
        Thread.sleep(10_000);

        System.out.printf("%n%-14s %10s %10s %10s %10s %10s %10s%n", "target mut/s", "sent/s", "p50 ms", "p95 ms", "p99 ms", "missing", "errors");
        int best = 0;
        boolean limitReached = false;
        for (int rate : rates) {
            long[] result = step(all, rate, seconds);
            System.out.printf("%-14d %10.1f %10.1f %10.1f %10.1f %10d %10d%n", rate, result[0] / 10.0, result[1] / 1000.0,
                    result[2] / 1000.0, result[3] / 1000.0, result[4], result[5]);
            boolean sustained = result[3] <= 250_000 && result[4] == 0 && result[5] == 0 && result[0] / 10.0 >= rate * 0.95;
            if (!sustained) {
                limitReached = true;
                break;
            }
            best = rate;
        }
        System.out.printf("%nhighest sustained rate with p99 <= 250 ms: %s mutations/s (steps: %s)%n",
                limitReached ? String.valueOf(best) : "at least " + best + " (the limit lies beyond the last step)", Arrays.toString(rates));
        System.out.printf("Kafka produce→consume floor: p50 %.2f ms, p99 %.2f ms%n", floor[0] / 1000.0, floor[1] / 1000.0);
        sockets.forEach(socket -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
        all.forEach(user -> user.lane().shutdown());
        System.exit(0);
    }

    /** One step: pushes at the rate for the given seconds; {sent×10/s, p50, p95, p99 (µs), missing, errors}. */
    static long[] step(List<User> users, int rate, int seconds) throws Exception {
        SENT.clear();
        LATENCIES.clear();
        PUSH_ERRORS.set(0);
        long total = (long) rate * seconds;
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            User user = users.get((int) (i % users.size()));
            String project = user.projects()[(int) ((i / users.size()) % user.projects().length)];
            user.lane().execute(() -> push(user, project, due));
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        // Stragglers: 5 s after the last push.
        Thread.sleep(5000);
        List<Long> sorted;
        synchronized (LATENCIES) {
            sorted = new ArrayList<>(LATENCIES);
        }
        sorted.sort(Long::compare);
        long missing = total - sorted.size();
        return new long[] {Math.round(total / elapsed * 10), percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99),
                missing, PUSH_ERRORS.get()};
    }

    /**
     * One push; its latency counts from when it was due (a backed-up client lane is part of the
     * latency, not hidden). A failed push is sent again with the same mutation id (a push is
     * idempotent), so one timeout does not leave a gap that refuses every later push of the device.
     */
    static void push(User user, String project, long due) {
        UUID file = UUID.randomUUID();
        long id = user.nextMutation().incrementAndGet();
        String body = String.format("{\"device_id\":\"%s\",\"mutations\":[{\"id\":%d,\"entity\":\"file\",\"op\":\"create\","
                + "\"entity_id\":\"%s\",\"data\":{\"project_id\":\"%s\",\"path\":\"bench/%s.txt\",\"content\":\"bench\"}}]}",
                user.deviceA(), id, file, project, file);
        SENT.put(file, due);
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                HttpResponse<String> response = HTTP.send(post("/api/v1/sync/push", user.token(), body), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    return;
                }
            } catch (Exception e) {
                // sent again below
            }
            PUSH_ERRORS.incrementAndGet();
        }
        SENT.remove(file);
    }

    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return Long.MAX_VALUE / 1000;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    static List<User> setUp(int count) throws Exception {
        List<User> users = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<CompletableFuture<User>> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            made.add(CompletableFuture.supplyAsync(() -> {
                try {
                    String email = "sync-bench-" + UUID.randomUUID() + "@bench.example.com";
                    JsonNode registered = send(post("/auth/register", null,
                            "{\"email\":\"" + email + "\",\"name\":\"Bench\",\"password\":\"bench password 123\"}"), 201);
                    String token = registered.path("data").path("access_token").asText();
                    String[] projects = new String[2];
                    for (int p = 0; p < projects.length; p++) {
                        projects[p] = send(post("/api/v1/projects", token, "{\"name\":\"bench " + p + "\"}"), 201).path("data").path("id").asText();
                    }
                    return new User(token, projects, UUID.randomUUID(), UUID.randomUUID(), new AtomicLong(),
                            Executors.newSingleThreadExecutor());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool));
        }
        for (CompletableFuture<User> user : made) {
            users.add(user.get());
        }
        pool.shutdown();
        return users;
    }

    static WebSocket connect(User user, UUID device, boolean measure) {
        WebSocket.Listener listener = new WebSocket.Listener() {
            final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    long now = System.nanoTime();
                    if (measure) {
                        try {
                            JsonNode frame = JSON.readTree(partial.toString());
                            for (JsonNode change : frame.path("changes")) {
                                Long sent = SENT.remove(UUID.fromString(change.path("entity_id").asText()));
                                if (sent != null) {
                                    LATENCIES.add((now - sent) / 1000);
                                }
                            }
                        } catch (Exception e) {
                            // not a frame of ours
                        }
                    }
                    partial.setLength(0);
                }
                socket.request(1);
                return null;
            }
        };
        return HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + user.token())
                .buildAsync(URI.create(gateway.replaceFirst("^http", "ws") + "/ws?device_id=" + device), listener).join();
    }

    static HttpRequest post(String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    static JsonNode send(HttpRequest request, int expected) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** {p50, p99} in µs of produce → consume on a topic of the bench's own. */
    static long[] kafkaFloor(String bootstrap) throws Exception {
        String topic = "bench.kafka-floor";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            }
        }
        Properties producerProps = new Properties();
        producerProps.put("bootstrap.servers", bootstrap);
        producerProps.put("acks", "all");
        producerProps.put("linger.ms", "0");
        producerProps.put("enable.idempotence", "true");
        Properties consumerProps = new Properties();
        consumerProps.put("bootstrap.servers", bootstrap);
        consumerProps.put("group.id", "bench-floor-" + UUID.randomUUID());
        consumerProps.put("enable.auto.commit", "false");
        consumerProps.put("fetch.max.wait.ms", "500");
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        try (KafkaProducer<Long, Long> producer = new KafkaProducer<>(producerProps, new LongSerializer(), new LongSerializer());
             KafkaConsumer<Long, Long> consumer = new KafkaConsumer<>(consumerProps, new LongDeserializer(), new LongDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            int count = 2000;
            java.util.concurrent.atomic.AtomicBoolean reading = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread reader = new Thread(() -> {
                while (reading.get() && latencies.size() < count) {
                    for (ConsumerRecord<Long, Long> record : consumer.poll(Duration.ofMillis(100))) {
                        latencies.add((System.nanoTime() - record.value()) / 1000);
                    }
                }
            });
            reader.start();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long due = start + i * 5_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                producer.send(new ProducerRecord<>(topic, (long) i, System.nanoTime()));
            }
            reader.join(30_000);
            // Whatever came within the bound is the sample; the reader stops before its consumer closes.
            reading.set(false);
            reader.join();
        }
        List<Long> sorted = new ArrayList<>(latencies);
        sorted.sort(Long::compare);
        return new long[] {percentile(sorted, 50), percentile(sorted, 99)};
    }
}
