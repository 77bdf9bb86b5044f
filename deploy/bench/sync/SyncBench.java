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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import dev.orchestra.proto.events.v1.MutationEnvelope;
import dev.orchestra.proto.events.v1.Origin;
import dev.orchestra.proto.events.v1.PokeEnvelope;
import dev.orchestra.proto.events.v1.ProjectEnvelope;

/**
 * ./orchestra bench sync: USERS users with two devices each, connected over the gateway. Device A of
 * each user pushes file creates at a steady total rate, step after step; the latency is from the
 * push leaving the client to the change reaching device B's socket (push → sync-service →
 * sync.mutations.v1 → project-service → project.events.v1 → the change log → sync.pokes.v1 → the
 * socket). Beside it, the floor: a record's produce-to-consume latency on the same broker.
 *
 * Per hop, the same path cut at the timestamps the pipeline itself carries, matched by each mutation's
 * origin (device, mutation id): the push's answer (this client), MutationSubmitted on Kafka (its
 * record's timestamp: when the outbox relay sent it), the mutation applied (project-service's event's
 * occurred_at, set in the transaction that applied it), the outcome on Kafka (its record's timestamp),
 * the change appended (the poke's occurred_at, set in the transaction that appended the change), the
 * poke on Kafka (its record's timestamp) and the frame on B's socket (received here). One clock: everything
 * runs on this machine.
 *
 * Usage: java -cp "<kafka libs>/*:<orchestra-proto and protobuf-java>" SyncBench.java GATEWAY_URL BOOTSTRAP USERS SECONDS_PER_STEP RATE...
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

    /** The hops, in pipeline order; each mutation's timestamps (wall clock, µs) are kept by origin. */
    static final String[] HOPS = {"push answered", "MutationSubmitted on Kafka", "mutation applied (in its tx)",
            "outcome on Kafka", "change appended (in its tx)", "poke on Kafka", "frame received on the socket"};
    /** Which hop each hop's own cost is counted from: MutationSubmitted leaves after the commit, beside the answer. */
    static final int[] AFTER = {-1, -1, 1, 2, 3, 4, 5};
    static final Map<String, long[]> TRACES = new ConcurrentHashMap<>();
    static final int TARGET_RATE = 200;
    static final long WALL_AT_START_MICROS = System.currentTimeMillis() * 1000;
    static final long NANO_AT_START = System.nanoTime();

    static long wallMicros(long nanoTime) {
        return WALL_AT_START_MICROS + (nanoTime - NANO_AT_START) / 1000;
    }

    static String origin(Object device, long mutation) {
        return device + ":" + mutation;
    }

    /** Records hop {@code hop} (0-based in HOPS, stored at index hop + 1) of a mutation still being traced. */
    static void hop(String origin, int hop, long micros) {
        long[] trace = TRACES.get(origin);
        if (trace != null && trace[hop + 1] == 0) {
            trace[hop + 1] = micros;
        }
    }

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
        Thread tracer = new Thread(() -> traceTopics(bootstrap), "hop-tracer");
        tracer.setDaemon(true);
        tracer.start();

        // Freshly started services compile their hot paths (JIT) under the first load: a gentle warm-up,
        // then a pause for whatever it left in flight, so the steps measure the services, not the JIT.
        System.out.printf("==> warm-up: %d then %d mutations/s, 15 s each, then 10 s of quiet (not counted)%n",
                Math.max(10, rates[0] / 4), Math.max(20, rates[0] / 2));
        step(all, Math.max(10, rates[0] / 4), 15);
        CpuMeter.awaitQuiet(60);
        step(all, Math.max(20, rates[0] / 2), 15);
        CpuMeter.awaitQuiet(60);
        Thread.sleep(10_000);

        System.out.printf("%n%-14s %10s %10s %10s %10s %10s %10s%n", "target mut/s", "sent/s", "p50 ms", "p95 ms", "p99 ms", "missing", "errors");
        int best = 0;
        boolean limitReached = false;
        for (int rate : rates) {
            Map<String, Long> cpuBefore = CpuMeter.snapshot();
            long[] result = step(all, rate, seconds);
            // The CPU a step costs includes the work it left behind (files still being indexed, say): counted
            // until the machine is quiet again (at most 60 s more).
            CpuMeter.awaitQuiet(60);
            String cpu = CpuMeter.perMutation(cpuBefore, CpuMeter.snapshot(), (long) rate * seconds);
            System.out.printf("%-14d %10.1f %10.1f %10.1f %10.1f %10d %10d%n", rate, result[0] / 10.0, result[1] / 1000.0,
                    result[2] / 1000.0, result[3] / 1000.0, result[4], result[5]);
            printHops();
            System.out.println(cpu);
            boolean sustained = result[3] <= 250_000 && result[4] == 0 && result[5] == 0 && result[0] / 10.0 >= rate * 0.95;
            if (sustained && !limitReached) {
                best = rate;
            }
            limitReached |= !sustained;
            // Every step up to the target's 200/s is run, so that it is always reported; past it the first
            // step that fails ends the run.
            if (limitReached && rate >= TARGET_RATE) {
                break;
            }
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
        TRACES.clear();
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
        // Stragglers: until every change arrived (at least 5 s, at most 30 s after the last push), so that
        // a step that fell behind does not hand its backlog to the next; what is still out then is missing.
        long until = System.nanoTime() + 30_000_000_000L;
        Thread.sleep(5000);
        while (!SENT.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(100);
        }
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
        String origin = origin(user.deviceA(), id);
        long[] trace = new long[HOPS.length + 1];
        trace[0] = wallMicros(due);
        TRACES.put(origin, trace);
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                HttpResponse<String> response = HTTP.send(post("/api/v1/sync/push", user.token(), body), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    hop(origin, 0, wallMicros(System.nanoTime()));
                    return;
                }
            } catch (Exception e) {
                // sent again below
            }
            PUSH_ERRORS.incrementAndGet();
        }
        SENT.remove(file);
        TRACES.remove(origin);
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
                                JsonNode origin = change.path("origin");
                                if (origin.isObject()) {
                                    hop(origin(origin.path("device_id").asText(), origin.path("mutation_id").asLong()), 6,
                                            wallMicros(now));
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

    /**
     * Reads the stack's three topics of the path from their end and stamps each traced mutation's hops:
     * a record's own timestamp (the producer's send time) and the applied event's occurred_at.
     */
    static void traceTopics(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", "bench-hops-" + UUID.randomUUID());
        props.put("enable.auto.commit", "false");
        props.put("fetch.max.wait.ms", "100");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of("sync.mutations.v1", "project.events.v1", "sync.pokes.v1")) {
                consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        trace(record);
                    } catch (Exception e) {
                        // a record of another kind, or not ours
                    }
                }
            }
        }
    }

    static void trace(ConsumerRecord<String, byte[]> record) throws Exception {
        long sentMicros = record.timestamp() * 1000;
        switch (record.topic()) {
            case "sync.mutations.v1" -> {
                MutationEnvelope event = MutationEnvelope.parseFrom(record.value());
                if (event.hasMutationSubmitted()) {
                    hop(key(event.getMutationSubmitted().getOrigin()), 1, sentMicros);
                }
            }
            case "project.events.v1" -> {
                ProjectEnvelope event = ProjectEnvelope.parseFrom(record.value());
                if (event.hasFileUpserted() && event.getFileUpserted().hasOrigin()) {
                    String key = key(event.getFileUpserted().getOrigin());
                    hop(key, 2, event.getOccurredAt().getSeconds() * 1_000_000 + event.getOccurredAt().getNanos() / 1000);
                    hop(key, 3, sentMicros);
                }
            }
            case "sync.pokes.v1" -> {
                PokeEnvelope event = PokeEnvelope.parseFrom(record.value());
                if (event.hasChangesAppended() && event.getChangesAppended().hasOrigin()) {
                    // The poke is written in the append's transaction: its occurred_at is the append's time.
                    String key = key(event.getChangesAppended().getOrigin());
                    hop(key, 4, event.getOccurredAt().getSeconds() * 1_000_000 + event.getOccurredAt().getNanos() / 1000);
                    hop(key, 5, sentMicros);
                }
            }
            default -> {
            }
        }
    }

    static String key(Origin origin) {
        return origin(origin.getDeviceId(), origin.getMutationId());
    }

    /** The step's mutations that reached B's socket with every hop seen: p50/p99 since the push and of each hop. */
    static void printHops() {
        List<long[]> complete = TRACES.values().stream().filter(trace -> Arrays.stream(trace).allMatch(t -> t != 0)).toList();
        System.out.printf("    %-30s %21s %21s   (%d of %d mutations traced through every hop)%n", "hop", "since push p50/p99 ms",
                "this hop p50/p99 ms", complete.size(), TRACES.size());
        for (int hop = 0; hop < HOPS.length; hop++) {
            List<Long> since = new ArrayList<>();
            List<Long> own = new ArrayList<>();
            for (long[] trace : complete) {
                since.add(trace[hop + 1] - trace[0]);
                own.add(trace[hop + 1] - trace[AFTER[hop] + 1]);
            }
            since.sort(Long::compare);
            own.sort(Long::compare);
            System.out.printf("    %-30s %10.1f %10.1f %10.1f %10.1f%n", HOPS[hop], percentile(since, 50) / 1000.0,
                    percentile(since, 99) / 1000.0, percentile(own, 50) / 1000.0, percentile(own, 99) / 1000.0);
        }
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

    /**
     * Where the CPU goes: each part's CPU time over a step (from /proc, user + system), divided by the
     * step's mutations. The parts ./orchestra started come as -Dbench.pids=name=pid,...; PostgreSQL's
     * and nginx's processes are found by name, and this load generator is one part too.
     */
    static final class CpuMeter {
        static final String MACHINE = "machine (all CPUs)";

        /** CPU ticks used so far, by "part pid" (and the machine's, and a wall clock in ticks). */
        static Map<String, Long> snapshot() {
            Map<String, String> named = new java.util.HashMap<>();
            for (String entry : System.getProperty("bench.pids", "").split(",")) {
                String[] pair = entry.split("=");
                if (pair.length == 2) {
                    named.put(pair[1], pair[0]);
                }
            }
            named.put(String.valueOf(ProcessHandle.current().pid()), "load generator (this)");
            Map<String, Long> ticks = new java.util.HashMap<>();
            java.io.File[] processes = new java.io.File("/proc").listFiles(file -> file.getName().matches("[0-9]+"));
            for (java.io.File process : processes == null ? new java.io.File[0] : processes) {
                try {
                    String stat = java.nio.file.Files.readString(process.toPath().resolve("stat"));
                    String command = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    String part = named.getOrDefault(process.getName(),
                            command.equals("postgres") ? "postgresql" : command.equals("nginx") ? "nginx (gateways)" : "other");
                    ticks.put(part + " " + process.getName(), used);
                } catch (Exception e) {
                    // the process ended meanwhile
                }
            }
            try {
                String[] cpu = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i < cpu.length; i++) {
                    busy += i == 4 || i == 5 ? 0 : Long.parseLong(cpu[i]);  // all but idle and iowait
                }
                ticks.put(MACHINE, busy);
            } catch (Exception e) {
                // no /proc/stat: the machine's line is left out
            }
            ticks.put("wall", System.nanoTime() / 10_000_000);
            return ticks;
        }

        /** Waits until under a quarter of the machine's CPUs were busy for 2 s in a row, at most the given seconds. */
        static void awaitQuiet(int seconds) throws InterruptedException {
            int quiet = 0;
            Map<String, Long> last = snapshot();
            for (int i = 0; i < seconds && quiet < 2; i++) {
                Thread.sleep(1000);
                Map<String, Long> now = snapshot();
                long busy = now.getOrDefault(MACHINE, 0L) - last.getOrDefault(MACHINE, 0L);
                long wall = now.get("wall") - last.get("wall");
                quiet = busy * 4 < wall * Runtime.getRuntime().availableProcessors() ? quiet + 1 : 0;
                last = now;
            }
        }

        /** "CPU ms per mutation: part x.x, ..." largest first, with the machine's total and how busy it was. */
        static String perMutation(Map<String, Long> before, Map<String, Long> after, long mutations) {
            // Per process, then summed by part: a process started in between counts from zero; one that ended
            // meanwhile (a database connection closed, say) is left out.
            Map<String, Long> parts = new java.util.HashMap<>();
            after.forEach((key, used) -> {
                if (!key.equals("wall") && !key.equals(MACHINE)) {
                    parts.merge(key.substring(0, key.lastIndexOf(' ')), used - before.getOrDefault(key, 0L), Long::sum);
                }
            });
            StringBuilder line = new StringBuilder("    CPU ms per mutation (user+system, /proc):");
            parts.entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> line.append(String.format(" %s %.1f,", e.getKey(), e.getValue() * 10.0 / mutations)));
            long wall = after.get("wall") - before.get("wall");
            if (after.containsKey(MACHINE) && before.containsKey(MACHINE)) {
                long busy = after.get(MACHINE) - before.get(MACHINE);
                line.append(String.format(" whole machine %.1f (busy %.0f%% of %d CPUs from the step's start until the machine was quiet again)",
                        busy * 10.0 / mutations, 100.0 * busy / (wall * Runtime.getRuntime().availableProcessors()),
                        Runtime.getRuntime().availableProcessors()));
            }
            return line.toString();
        }
    }
}
