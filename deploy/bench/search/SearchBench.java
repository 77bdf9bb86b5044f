import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import dev.orchestra.proto.engine.v1.DropProjectRequest;
import dev.orchestra.proto.engine.v1.EngineGrpc;
import dev.orchestra.proto.engine.v1.IndexFileRequest;
import dev.orchestra.proto.engine.v1.SearchHit;
import dev.orchestra.proto.engine.v1.SearchRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * ./orchestra bench search, the parts that need a program (deploy/bench/search.sh runs them in turn):
 *
 * <ul>
 *   <li>{@code load GATEWAY METRICS_URL WORK_DIR ACCOUNTS PROJECTS FILES_PER_PROJECT CLIENTS TIMEOUT_S}: accounts and
 *       projects through the gateway, then every generated file created over REST (CLIENTS at once), timed
 *       from the first create until all of them are searchable (the last-created file of each project found
 *       by its unique word and no pending file left for any account), with engine-gateway's
 *       {@code GET /api/v1/engine/status} polled throughout (backlog, last indexed time); then every file's
 *       unique word searched once to prove it. engine-gateway's own counter of acknowledged index jobs
 *       (METRICS_URL, its {@code /q/metrics}) is read at the first create, the last create and the end, to
 *       split the indexing between the creates and the drain after them. Writes the latency runs' queries.</li>
 *   <li>{@code engine-index ENGINE WORK_DIR IDS_FILE IN_FLIGHT}: the same files (regenerated from the same
 *       seed) sent straight to the engine with IndexFile, IN_FLIGHT calls at once, into projects of the
 *       benchmark's own (their ids written to IDS_FILE first).</li>
 *   <li>{@code engine-search ENGINE WORK_DIR IDS_FILE CLIENTS WARMUP_S SECONDS}: the latency run's queries
 *       sent straight to the engine with Search, CLIENTS at once on one channel (as engine-gateway does).</li>
 *   <li>{@code engine-drop ENGINE IDS_FILE}: DropProject for each id in IDS_FILE, then the file removed.</li>
 *   <li>{@code sample TAG PROJECT INDEX}: prints one generated file.</li>
 * </ul>
 *
 * Results are appended to WORK_DIR/results.sh as shell assignments; progress goes to stdout.
 */
public class SearchBench {

    static final String PASSWORD = "bench password 123";
    /** engine-gateway's defaults: search limit 20, Search deadline 2 s, write deadline 15 s. */
    static final int LIMIT = 20;
    static final long SEARCH_DEADLINE_MS = 2_000;
    static final long WRITE_DEADLINE_MS = 15_000;

    public static void main(String[] args) throws Exception {
        try {
            switch (args[0]) {
                case "load" -> load(args[1], args[2], Path.of(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                        Integer.parseInt(args[6]), Integer.parseInt(args[7]), Integer.parseInt(args[8]));
                case "engine-index" -> engineIndex(args[1], Path.of(args[2]), Path.of(args[3]), Integer.parseInt(args[4]));
                case "engine-search" -> engineSearch(args[1], Path.of(args[2]), Path.of(args[3]), Integer.parseInt(args[4]),
                        Integer.parseInt(args[5]), Integer.parseInt(args[6]));
                case "engine-drop" -> engineDrop(args[1], Path.of(args[2]));
                case "sample" -> {
                    Source sample = source(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
                    System.out.printf("%s (%s, word %s)%n%s", sample.path(), sample.id(), sample.word(), sample.content());
                }
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        } catch (Failure e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }

    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // The generated files: code-like text, a few dozen lines, one word no other file has.

    static final String[] NOUNS = {"user", "order", "invoice", "session", "token", "cache", "project", "device", "account",
        "payment", "report", "message", "queue", "event", "config", "route", "schema", "record", "buffer", "client", "tenant",
        "ledger", "widget", "profile", "channel", "folder", "upload", "quota", "plan", "review"};
    static final String[] VERBS = {"load", "save", "find", "parse", "render", "sync", "update", "delete", "create", "validate",
        "resolve", "merge", "flush", "fetch", "build", "encode", "decode", "apply", "refresh", "publish"};
    static final String[] MODULES = {"core", "api", "storage", "billing", "auth", "sync", "search", "ui", "net", "util"};
    static final String[] FIELDS = {"id", "name", "total", "count", "created_at", "owner_id", "status", "limit", "version", "size"};

    /** One generated file: where it goes and what it holds; {@code word} is found in this file only. */
    record Source(int project, int index, UUID id, String path, String content, String word) {
    }

    /** The file's unique word: letters and digits only, so the engine keeps it whole (lower case, no camelCase). */
    static String word(String tag, int project, int index) {
        return String.format(Locale.ROOT, "zx%s%d%03d", tag, project, index);
    }

    static Source source(String tag, int project, int index) {
        Random random = new Random(((long) tag.hashCode() << 32) ^ (project * 100_003L + index));
        String noun = pick(random, NOUNS);
        String other = pick(random, NOUNS);
        String module = MODULES[(project * 3 + index) % MODULES.length];
        String word = word(tag, project, index);
        UUID id = new UUID(random.nextLong(), random.nextLong());
        int methods = 3 + random.nextInt(3);
        String base = noun + "_" + other + "_" + String.format(Locale.ROOT, "%03d", index);
        String path;
        List<String> lines = new ArrayList<>();
        switch (index % 4) {
            case 0 -> {
                path = "src/main/java/dev/example/" + module + "/" + pascal(noun) + pascal(other) + index + ".java";
                java(lines, random, module, pascal(noun) + pascal(other) + index, noun, other, word, methods);
            }
            case 1 -> {
                path = "crates/" + module + "/src/" + base + ".rs";
                rust(lines, random, noun, other, word, methods);
            }
            case 2 -> {
                path = "web/src/" + module + "/" + noun + "-" + other + "-" + index + ".ts";
                typescript(lines, random, noun, other, word, methods);
            }
            default -> {
                path = "tools/" + module + "/" + base + ".py";
                python(lines, random, noun, other, word, methods);
            }
        }
        return new Source(project, index, id, path, String.join("\n", lines) + "\n", word);
    }

    static void java(List<String> out, Random random, String module, String type, String noun, String other, String word,
            int methods) {
        out.add("package dev.example." + module + ";");
        out.add("");
        out.add("import java.util.ArrayList;");
        out.add("import java.util.List;");
        out.add("import java.util.Map;");
        out.add("");
        out.add("/** Keeps the " + noun + " " + other + "s of one tenant (marker " + word + "). */");
        out.add("public final class " + type + " {");
        out.add("    private final Map<String, " + pascal(noun) + "> " + noun + "s;");
        out.add("    private final int limit;");
        out.add("");
        out.add("    public " + type + "(Map<String, " + pascal(noun) + "> " + noun + "s, int limit) {");
        out.add("        this." + noun + "s = " + noun + "s;");
        out.add("        this.limit = limit;");
        out.add("    }");
        for (int m = 0; m < methods; m++) {
            String verb = pick(random, VERBS);
            String field = camel(pick(random, FIELDS));
            out.add("");
            out.add("    public List<" + pascal(noun) + "> " + verb + pascal(other) + m + "(String key) {");
            out.add("        List<" + pascal(noun) + "> result = new ArrayList<>();");
            out.add("        for (" + pascal(noun) + " item : " + noun + "s.values()) {");
            out.add("            if (item." + field + "().equals(key) && result.size() < limit) {");
            out.add("                result.add(item);");
            out.add("            }");
            out.add("        }");
            out.add("        return result;");
            out.add("    }");
        }
        out.add("}");
    }

    static void rust(List<String> out, Random random, String noun, String other, String word, int methods) {
        out.add("use std::collections::HashMap;");
        out.add("");
        out.add("/// Keeps the " + noun + " " + other + "s of one tenant (marker " + word + ").");
        out.add("pub struct " + pascal(noun) + pascal(other) + "Store {");
        out.add("    " + noun + "s: HashMap<String, " + pascal(noun) + ">,");
        out.add("    limit: usize,");
        out.add("}");
        out.add("");
        out.add("impl " + pascal(noun) + pascal(other) + "Store {");
        out.add("    pub fn new(limit: usize) -> Self {");
        out.add("        Self { " + noun + "s: HashMap::new(), limit }");
        out.add("    }");
        for (int m = 0; m < methods; m++) {
            String verb = pick(random, VERBS);
            String field = pick(random, FIELDS);
            out.add("");
            out.add("    pub fn " + verb + "_" + other + "_" + m + "(&self, key: &str) -> Vec<&" + pascal(noun) + "> {");
            out.add("        self." + noun + "s");
            out.add("            .values()");
            out.add("            .filter(|item| item." + field + " == key)");
            out.add("            .take(self.limit)");
            out.add("            .collect()");
            out.add("    }");
        }
        out.add("}");
    }

    static void typescript(List<String> out, Random random, String noun, String other, String word, int methods) {
        out.add("import { api } from \"../api/client\";");
        out.add("import type { " + pascal(noun) + " } from \"../model\";");
        out.add("");
        out.add("// Keeps the " + noun + " " + other + "s of one tenant (marker " + word + ").");
        out.add("export class " + pascal(noun) + pascal(other) + "View {");
        out.add("  private readonly " + noun + "s = new Map<string, " + pascal(noun) + ">();");
        out.add("");
        out.add("  constructor(private readonly limit: number) {}");
        for (int m = 0; m < methods; m++) {
            String verb = pick(random, VERBS);
            String field = camel(pick(random, FIELDS));
            out.add("");
            out.add("  async " + verb + pascal(other) + m + "(key: string): Promise<" + pascal(noun) + "[]> {");
            out.add("    const result: " + pascal(noun) + "[] = [];");
            out.add("    for (const item of this." + noun + "s.values()) {");
            out.add("      if (item." + field + " === key && result.length < this.limit) {");
            out.add("        result.push(item);");
            out.add("      }");
            out.add("    }");
            out.add("    await api.post(\"/" + noun + "s/" + verb + "\", { key, count: result.length });");
            out.add("    return result;");
            out.add("  }");
        }
        out.add("}");
    }

    static void python(List<String> out, Random random, String noun, String other, String word, int methods) {
        out.add("\"\"\"Keeps the " + noun + " " + other + "s of one tenant (marker " + word + ").\"\"\"");
        out.add("");
        out.add("from dataclasses import dataclass, field");
        out.add("");
        out.add("");
        out.add("@dataclass");
        out.add("class " + pascal(noun) + pascal(other) + "Index:");
        out.add("    limit: int");
        out.add("    " + noun + "s: dict = field(default_factory=dict)");
        for (int m = 0; m < methods; m++) {
            String verb = pick(random, VERBS);
            String attribute = pick(random, FIELDS);
            out.add("");
            out.add("    def " + verb + "_" + other + "_" + m + "(self, key):");
            out.add("        result = []");
            out.add("        for item in self." + noun + "s.values():");
            out.add("            if item." + attribute + " == key and len(result) < self.limit:");
            out.add("                result.append(item)");
            out.add("        return result");
        }
    }

    static String pick(Random random, String[] words) {
        return words[random.nextInt(words.length)];
    }

    static String pascal(String snake) {
        StringBuilder out = new StringBuilder();
        for (String part : snake.split("_")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }

    static String camel(String snake) {
        String pascal = pascal(snake);
        return Character.toLowerCase(pascal.charAt(0)) + pascal.substring(1);
    }

    /**
     * The latency runs' queries, the same for the gateway and the engine: half a file's unique word (one
     * hit), half words and phrases that many lines hold (a full page of 20 hits, ranked).
     */
    static final String[] COMMON = {"return", "\"pub fn\"", "limit", "result push", "\"for item in\"", "key", "self limit",
        "values", "\"new ArrayList\"", "tenant marker", "created_at", "await api post"};

    // ------------------------------------------------------------------------------------------------
    // load: accounts, projects and files through the gateway, then until all are searchable.

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** An account of the run; its access token renewed with the refresh token before its 15 minutes end. */
    static final class Account {
        final String email;
        volatile String access;
        volatile String refresh;
        volatile long renewedAt = System.nanoTime();
        final List<String> projects = new ArrayList<>();

        Account(String email, JsonObject session) {
            this.email = email;
            take(session);
        }

        void take(JsonObject session) {
            access = session.get("access_token").getAsString();
            refresh = session.get("refresh_token").getAsString();
            renewedAt = System.nanoTime();
        }

        synchronized String token(String gateway) throws Exception {
            if (System.nanoTime() - renewedAt > TimeUnit.MINUTES.toNanos(10)) {
                take(call(gateway, "POST", "/auth/refresh", null, "{\"refresh_token\":\"" + refresh + "\"}", 200)
                        .getAsJsonObject("data"));
            }
            return access;
        }
    }

    static void load(String gateway, String metrics, Path work, int accountCount, int projectCount, int perProject, int clients, int timeoutSeconds)
            throws Exception {
        Files.createDirectories(work);
        String tag = randomTag();
        int total = projectCount * perProject;
        System.out.printf("==> %d account(s), %d projects through %s (run tag %s)%n", accountCount, projectCount, gateway, tag);
        List<Account> accounts = new ArrayList<>();
        StringBuilder accountLines = new StringBuilder();
        for (int a = 0; a < accountCount; a++) {
            String email = "bench-search-" + tag + "-" + System.currentTimeMillis() + "-" + a + "@bench.example.com";
            JsonObject session = call(gateway, "POST", "/auth/register", null,
                    "{\"email\":\"" + email + "\",\"name\":\"Search bench\",\"password\":\"" + PASSWORD + "\"}", 201).getAsJsonObject("data");
            accounts.add(new Account(email, session));
            accountLines.append(email).append('\n');
        }
        // Written at once, so that the script erases the accounts even when the run fails later.
        Files.writeString(work.resolve("accounts.txt"), accountLines);
        String[] projectIds = new String[projectCount];
        Account[] ownerOf = new Account[projectCount];
        for (int p = 0; p < projectCount; p++) {
            Account owner = accounts.get(p % accountCount);
            projectIds[p] = call(gateway, "POST", "/api/v1/projects", owner.token(gateway),
                    "{\"name\":\"search bench " + tag + " " + p + "\"}", 201).getAsJsonObject("data").get("id").getAsString();
            owner.projects.add(projectIds[p]);
            ownerOf[p] = owner;
        }

        // Every file, in the order they are created: a file of each project in turn.
        List<Source> sources = new ArrayList<>(total);
        long lines = 0;
        long bytes = 0;
        for (int f = 0; f < perProject; f++) {
            for (int p = 0; p < projectCount; p++) {
                Source source = source(tag, p, f);
                sources.add(source);
                lines += source.content().lines().count();
                bytes += source.content().getBytes(StandardCharsets.UTF_8).length;
            }
        }

        System.out.printf("==> creating %d files (%d projects × %d, %.0f lines and %.1f KiB a file on average), %d clients at once; "
                + "engine-gateway's status polled every 100 ms%n", total, projectCount, perProject, (double) lines / total,
                bytes / 1024.0 / total, clients);
        Poller poller = new Poller(gateway, accounts);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        AtomicInteger next = new AtomicInteger();
        AtomicReference<String> failed = new AtomicReference<>();
        long[] createdAt = new long[total];
        double doneAtStart = indexJobsDone(metrics);
        long start = System.nanoTime();
        poller.start(start);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                int i;
                while (failed.get() == null && (i = next.getAndIncrement()) < total) {
                    Source source = sources.get(i);
                    try {
                        create(gateway, ownerOf[source.project()], projectIds[source.project()], source, deadline);
                        createdAt[i] = System.nanoTime();
                    } catch (Exception e) {
                        failed.compareAndSet(null, source.path() + ": " + e.getMessage());
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(timeoutSeconds + 60L, TimeUnit.SECONDS) || failed.get() != null) {
            poller.stop();
            throw new Failure("creating the files failed: " + (failed.get() == null ? "timed out" : failed.get()));
        }
        long lastCreate = Arrays.stream(createdAt).max().orElseThrow();
        Instant lastCreateAt = Instant.now().minusNanos(System.nanoTime() - lastCreate);
        double doneAtLastCreate = indexJobsDone(metrics);
        int pendingAtLastCreate = poller.pendingAfter(lastCreate);
        System.out.printf("==> %d files created in %.1f s; waiting until every one is searchable (at most %d s from the first create)%n",
                total, seconds(lastCreate - start), timeoutSeconds);

        // The last file created in each project: found by its word, then no pending file left for any account.
        Source[] lastOfProject = new Source[projectCount];
        long[] lastAt = new long[projectCount];
        for (int i = 0; i < total; i++) {
            Source source = sources.get(i);
            if (createdAt[i] >= lastAt[source.project()]) {
                lastAt[source.project()] = createdAt[i];
                lastOfProject[source.project()] = source;
            }
        }
        boolean[] found = new boolean[projectCount];
        long searchable = 0;
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (int p = 0; p < projectCount; p++) {
                if (!found[p]) {
                    found[p] = finds(gateway, ownerOf[p], projectIds[p], lastOfProject[p]);
                    all &= found[p];
                }
            }
            if (all && poller.pendingNow() == 0) {
                searchable = System.nanoTime();
                break;
            }
            Thread.sleep(100);
        }
        poller.stop();
        double doneAtEnd = indexJobsDone(metrics);
        if (searchable == 0) {
            throw new Failure(String.format("not all files searchable within %d s of the first create: %d file(s) still pending "
                    + "(GET /api/v1/engine/status), last files found in %d of %d projects; accounts (erased on exit unless BENCH_KEEP=1): %s", timeoutSeconds,
                    poller.pendingNow(), count(found), projectCount, accountLines.toString().trim().replace('\n', ' ')));
        }

        // Proof: every file found by its own word (files still missing are searched again until the deadline,
        // and the time until all are searchable then runs until the last of them is found).
        System.out.printf("==> all searchable after %.1f s; checking every file's unique word through the gateway%n",
                seconds(searchable - start));
        List<Source> missing = sources;
        int late = 0;
        int round = 0;
        while (true) {
            missing = missingOf(gateway, missing, ownerOf, projectIds, clients);
            if (missing.isEmpty()) {
                break;
            }
            if (round++ == 0) {
                late = missing.size();
                System.out.printf("    %d file(s) not found yet, e.g. %s (%s): searching them again%n", late,
                        missing.get(0).path(), missing.get(0).word());
            }
            if (System.nanoTime() > deadline) {
                throw new Failure(String.format("%d of %d files never became searchable within %d s (e.g. %s, word %s)",
                        missing.size(), total, timeoutSeconds, missing.get(0).path(), missing.get(0).word()));
            }
            Thread.sleep(200);
            searchable = System.nanoTime();
        }

        Instant firstAck = poller.firstAck();
        Instant lastAck = lastAcknowledged(gateway, accounts);
        double ackWindow = Duration.between(firstAck, lastAck).toNanos() / 1e9;
        double afterLastCreate = seconds(searchable - lastCreate);
        // The drain: files indexed after the last create (engine-gateway's counter; without it, the backlog
        // then) over the time from the last create to the last acknowledgement.
        double drainWindow = Duration.between(lastCreateAt, lastAck).toNanos() / 1e9;
        boolean counted = doneAtStart >= 0 && doneAtLastCreate >= 0 && doneAtEnd >= 0;
        long drained = counted ? Math.round(doneAtEnd - doneAtLastCreate) : pendingAtLastCreate;
        long duringCreates = counted ? Math.round(doneAtLastCreate - doneAtStart) : total - pendingAtLastCreate;

        // The latency runs' queries: a file's unique word or a common query, spread over the projects.
        Random random = new Random(tag.hashCode());
        StringBuilder queries = new StringBuilder();
        for (int q = 0; q < 400; q++) {
            int p = q % projectCount;
            String query = q % 2 == 0 ? word(tag, p, random.nextInt(perProject)) : COMMON[(q / 2) % COMMON.length];
            queries.append(p).append('\t').append(projectIds[p]).append('\t').append(query).append('\t')
                    .append(URLEncoder.encode(query, StandardCharsets.UTF_8).replace("+", "%20")).append('\n');
        }
        Files.writeString(work.resolve("queries.tsv"), queries);
        results(work,
                "RUN_TAG=" + tag,
                "ACCOUNTS=" + accountCount,
                "PROJECTS=" + projectCount,
                "FILES_PER_PROJECT=" + perProject,
                "FILES=" + total,
                "CREATE_CLIENTS=" + clients,
                fmt("AVG_LINES=%.0f", (double) lines / total),
                fmt("AVG_KIB=%.1f", bytes / 1024.0 / total),
                fmt("CREATE_SECONDS=%.1f", seconds(lastCreate - start)),
                fmt("CREATE_RATE=%.1f", total / seconds(lastCreate - start)),
                fmt("SEARCHABLE_SECONDS=%.1f", seconds(searchable - start)),
                fmt("AFTER_LAST_CREATE_SECONDS=%.1f", afterLastCreate),
                "LATE_FILES=" + late,
                "BACKLOG_PEAK=" + poller.peak(),
                "BACKLOG_AT_LAST_CREATE=" + pendingAtLastCreate,
                fmt("OVERALL_INDEX_RATE=%.1f", total / ackWindow),
                fmt("ACK_WINDOW_SECONDS=%.1f", ackWindow),
                "DRAINED_FILES=" + drained,
                fmt("DRAIN_SECONDS=%.1f", drainWindow),
                fmt("DRAIN_RATE=%.1f", drainWindow > 0 ? drained / drainWindow : 0),
                "INDEXED_DURING_CREATES=" + duringCreates,
                fmt("INDEX_RATE_DURING_CREATES=%.1f", duringCreates / seconds(lastCreate - start)),
                "COUNTER_SOURCE=" + (counted ? "metrics" : "status"),
                "COUNTER_DELTA=" + (counted ? Math.round(doneAtEnd - doneAtStart) : total),
                "STATUS_POLLS=" + poller.polls());
    }

    /** One file create; sent again with the same id (an idempotent create) after a dropped connection or a 5xx. */
    static void create(String gateway, Account owner, String project, Source source, long deadline) throws Exception {
        JsonObject body = new JsonObject();
        body.addProperty("id", source.id().toString());
        body.addProperty("path", source.path());
        body.addProperty("content", source.content());
        String answer = "";
        for (int attempt = 1; attempt <= 5 && System.nanoTime() < deadline; attempt++) {
            try {
                HttpResponse<String> response = HTTP.send(request("POST", gateway + "/api/v1/projects/" + project + "/files",
                        owner.token(gateway), body.toString()), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 201 || response.statusCode() == 200) {
                    return;
                }
                answer = response.statusCode() + " " + response.body();
                if (response.statusCode() < 500) {
                    break;
                }
            } catch (IOException e) {
                answer = e.toString();
            }
            Thread.sleep(200L * attempt);
        }
        throw new IOException(answer.isEmpty() ? "not created within the timeout" : "create answered " + answer);
    }

    static boolean finds(String gateway, Account owner, String project, Source source) throws Exception {
        HttpResponse<String> response = HTTP.send(request("GET", gateway + "/api/v1/projects/" + project + "/search?limit=5&q="
                + source.word(), owner.token(gateway), null), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return false;
        }
        for (JsonElement hit : JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject("data").getAsJsonArray("hits")) {
            if (hit.getAsJsonObject().get("file_id").getAsString().equals(source.id().toString())) {
                return true;
            }
        }
        return false;
    }

    static List<Source> missingOf(String gateway, List<Source> sources, Account[] ownerOf, String[] projectIds, int clients)
            throws Exception {
        List<Source> missing = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> failed = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(clients, 8));
        for (int c = 0; c < Math.min(clients, 8); c++) {
            pool.execute(() -> {
                int i;
                while ((i = next.getAndIncrement()) < sources.size()) {
                    Source source = sources.get(i);
                    try {
                        if (!finds(gateway, ownerOf[source.project()], projectIds[source.project()], source)) {
                            missing.add(source);
                        }
                    } catch (Exception e) {
                        failed.compareAndSet(null, e);
                        missing.add(source);
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        return new ArrayList<>(missing);
    }

    /** engine-gateway's orchestra_engine_jobs_done_total{kind="index"} (all users), or -1 when it cannot be read. */
    static double indexJobsDone(String metrics) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(metrics)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String line : response.body().split("\n")) {
                if (line.startsWith("orchestra_engine_jobs_done_total{") && line.contains("kind=\"index\"")) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        } catch (Exception e) {
            // the figures fall back to the status endpoint's backlog
        }
        return -1;
    }

    static Instant lastAcknowledged(String gateway, List<Account> accounts) throws Exception {
        Instant last = Instant.EPOCH;
        for (Account account : accounts) {
            JsonElement at = call(gateway, "GET", "/api/v1/engine/status", account.token(gateway), null, 200)
                    .getAsJsonObject("data").get("last_indexed_at");
            if (at != null && !at.isJsonNull() && Instant.parse(at.getAsString()).isAfter(last)) {
                last = Instant.parse(at.getAsString());
            }
        }
        return last;
    }

    /**
     * engine-gateway's {@code GET /api/v1/engine/status} for every account, every 100 ms: the backlog (pending
     * files, summed) over time, its peak, and the earliest {@code last_indexed_at} seen (the first acknowledged
     * file, within a poll).
     */
    static final class Poller {
        final String gateway;
        final List<Account> accounts;
        final List<long[]> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicLong peak = new AtomicLong();
        final AtomicReference<Instant> firstAck = new AtomicReference<>();
        final AtomicInteger polls = new AtomicInteger();
        volatile boolean running = true;
        Thread thread;

        Poller(String gateway, List<Account> accounts) {
            this.gateway = gateway;
            this.accounts = accounts;
        }

        void start(long start) {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        pendingNow();
                    } catch (Exception e) {
                        // the next poll tries again; a lasting failure shows as a timeout
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        /** Polls every account once; the pending files summed. */
        int pendingNow() throws Exception {
            int pending = 0;
            for (Account account : accounts) {
                JsonObject data = call(gateway, "GET", "/api/v1/engine/status", account.token(gateway), null, 200).getAsJsonObject("data");
                pending += data.get("pending_files").getAsInt();
                JsonElement at = data.get("last_indexed_at");
                if (at != null && !at.isJsonNull()) {
                    Instant seen = Instant.parse(at.getAsString());
                    firstAck.accumulateAndGet(seen, (a, b) -> a == null || b.isBefore(a) ? b : a);
                }
            }
            polls.incrementAndGet();
            samples.add(new long[] {System.nanoTime(), pending});
            peak.accumulateAndGet(pending, Math::max);
            return pending;
        }

        /** The first sample taken after the given moment (the backlog when the last create was answered). */
        int pendingAfter(long moment) throws Exception {
            synchronized (samples) {
                for (long[] sample : samples) {
                    if (sample[0] >= moment) {
                        return (int) sample[1];
                    }
                }
            }
            return pendingNow();
        }

        long peak() {
            return peak.get();
        }

        int polls() {
            return polls.get();
        }

        Instant firstAck() throws Failure {
            if (firstAck.get() == null) {
                throw new Failure("engine/status never showed a last_indexed_at");
            }
            return firstAck.get();
        }

        void stop() throws InterruptedException {
            running = false;
            if (thread != null) {
                thread.join(5_000);
            }
        }
    }

    static HttpRequest request(String method, String url, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    static JsonObject call(String gateway, String method, String path, String token, String body, int expected) throws Exception {
        HttpResponse<String> response = HTTP.send(request(method, gateway + path, token, body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new Failure(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    // ------------------------------------------------------------------------------------------------
    // The engine called directly, in projects of the benchmark's own.

    static ManagedChannel channel(String target) {
        // As engine-gateway's EngineClient: one plaintext channel.
        return NettyChannelBuilder.forTarget(target).usePlaintext().maxInboundMessageSize(16 * 1024 * 1024).build();
    }

    static void engineIndex(String target, Path work, Path idsFile, int inFlight) throws Exception {
        java.util.Properties run = readResults(work);
        String tag = run.getProperty("RUN_TAG");
        int projectCount = Integer.parseInt(run.getProperty("PROJECTS"));
        int perProject = Integer.parseInt(run.getProperty("FILES_PER_PROJECT"));
        int total = projectCount * perProject;
        String[] projects = new String[projectCount];
        for (int p = 0; p < projectCount; p++) {
            projects[p] = UUID.randomUUID().toString();
        }
        // Written before the first call: the script drops these projects whatever happens next.
        Files.writeString(idsFile, String.join("\n", projects) + "\n");
        String user = UUID.randomUUID().toString();
        List<IndexFileRequest> requests = new ArrayList<>(total);
        HexFormat hex = HexFormat.of();
        for (int f = 0; f < perProject; f++) {
            for (int p = 0; p < projectCount; p++) {
                Source source = source(tag, p, f);
                byte[] content = source.content().getBytes(StandardCharsets.UTF_8);
                requests.add(IndexFileRequest.newBuilder().setProjectId(projects[p]).setFileId(source.id().toString())
                        .setPath(source.path()).setContent(ByteString.copyFrom(content))
                        .setContentHash(hex.formatHex(MessageDigest.getInstance("SHA-256").digest(content)))
                        .setVersion(1).setUserId(user).build());
            }
        }
        ManagedChannel channel = channel(target);
        try {
            EngineGrpc.EngineBlockingStub engine = EngineGrpc.newBlockingStub(channel);
            // The connection made before the clock starts.
            engine.withDeadlineAfter(WRITE_DEADLINE_MS, TimeUnit.MILLISECONDS)
                    .search(SearchRequest.newBuilder().setProjectId(projects[0]).setQuery("warm").build());
            System.out.printf("==> engine IndexFile direct (%s): the same %d files into %d projects of the benchmark's own, "
                    + "%d calls in flight%n", target, total, projectCount, inFlight);
            AtomicInteger next = new AtomicInteger();
            AtomicReference<String> failed = new AtomicReference<>();
            long[] latencies = new long[total];
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(inFlight);
            for (int c = 0; c < inFlight; c++) {
                pool.execute(() -> {
                    int i;
                    while (failed.get() == null && (i = next.getAndIncrement()) < total) {
                        long began = System.nanoTime();
                        try {
                            if (!engine.withDeadlineAfter(WRITE_DEADLINE_MS, TimeUnit.MILLISECONDS).indexFile(requests.get(i)).getIndexed()) {
                                failed.compareAndSet(null, requests.get(i).getPath() + ": indexed=false");
                            }
                        } catch (StatusRuntimeException e) {
                            failed.compareAndSet(null, requests.get(i).getPath() + ": " + e.getStatus());
                        }
                        latencies[i] = System.nanoTime() - began;
                    }
                });
            }
            pool.shutdown();
            if (!pool.awaitTermination(10, TimeUnit.MINUTES) || failed.get() != null) {
                throw new Failure("engine IndexFile failed: " + (failed.get() == null ? "timed out" : failed.get()));
            }
            double elapsed = seconds(System.nanoTime() - start);
            // Proof: each project's last file found by its word.
            for (int p = 0; p < projectCount; p++) {
                Source last = source(tag, p, perProject - 1);
                List<SearchHit> hits = engine.withDeadlineAfter(SEARCH_DEADLINE_MS, TimeUnit.MILLISECONDS)
                        .search(SearchRequest.newBuilder().setProjectId(projects[p]).setQuery(last.word()).setLimit(5).build()).getHitsList();
                if (hits.stream().noneMatch(hit -> hit.getFileId().equals(last.id().toString()))) {
                    throw new Failure("engine Search did not find " + last.word() + " after IndexFile");
                }
            }
            Arrays.sort(latencies);
            results(work,
                    "ENGINE_INDEX_IN_FLIGHT=" + inFlight,
                    fmt("ENGINE_INDEX_SECONDS=%.1f", elapsed),
                    fmt("ENGINE_INDEX_RATE=%.1f", total / elapsed),
                    fmt("ENGINE_INDEX_P50=%.1f", percentile(latencies, 50) / 1e6),
                    fmt("ENGINE_INDEX_P99=%.1f", percentile(latencies, 99) / 1e6));
            System.out.printf("    %d files in %.1f s%n", total, elapsed);
        } finally {
            close(channel);
        }
    }

    static void engineSearch(String target, Path work, Path idsFile, int clients, int warmupSeconds, int seconds) throws Exception {
        List<String> projects = Files.readAllLines(idsFile).stream().filter(line -> !line.isBlank()).toList();
        List<SearchRequest> queries = new ArrayList<>();
        for (String line : Files.readAllLines(work.resolve("queries.tsv"))) {
            String[] parts = line.split("\t");
            queries.add(SearchRequest.newBuilder().setProjectId(projects.get(Integer.parseInt(parts[0]))).setQuery(parts[2])
                    .setLimit(LIMIT).setUserId("bench").build());
        }
        ManagedChannel channel = channel(target);
        try {
            EngineGrpc.EngineBlockingStub engine = EngineGrpc.newBlockingStub(channel);
            System.out.printf("==> engine Search direct (%s): %d s warm-up, then %d clients on one channel for %d s%n", target,
                    warmupSeconds, clients, seconds);
            run(engine, queries, clients, warmupSeconds, null);
            Run measured = new Run();
            run(engine, queries, clients, seconds, measured);
            long[] sorted = measured.latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            results(work,
                    fmt("ENGINE_SEARCH_RPS=%.1f", sorted.length / (double) seconds),
                    fmt("ENGINE_SEARCH_P50=%.2f", percentile(sorted, 50) / 1e6),
                    fmt("ENGINE_SEARCH_P99=%.2f", percentile(sorted, 99) / 1e6),
                    "ENGINE_SEARCH_ERRORS=" + measured.errors.get(),
                    fmt("ENGINE_SEARCH_HITS=%.1f", measured.hits.get() / (double) Math.max(1, sorted.length)));
        } finally {
            close(channel);
        }
    }

    static final class Run {
        final List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>(1 << 16));
        final AtomicLong errors = new AtomicLong();
        final AtomicLong hits = new AtomicLong();
    }

    /** CLIENTS closed loops for the given seconds, each client going through the queries from its own offset. */
    static void run(EngineGrpc.EngineBlockingStub engine, List<SearchRequest> queries, int clients, int seconds, Run into)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Thread[] threads = new Thread[clients];
        for (int c = 0; c < clients; c++) {
            int offset = c * 7;
            threads[c] = new Thread(() -> {
                List<Long> mine = new ArrayList<>(1 << 14);
                long errors = 0;
                long hits = 0;
                for (int n = offset; System.nanoTime() < end; n++) {
                    long began = System.nanoTime();
                    try {
                        hits += engine.withDeadlineAfter(SEARCH_DEADLINE_MS, TimeUnit.MILLISECONDS)
                                .search(queries.get(n % queries.size())).getHitsCount();
                    } catch (StatusRuntimeException e) {
                        errors++;
                    }
                    mine.add(System.nanoTime() - began);
                }
                if (into != null) {
                    into.latencies.addAll(mine);
                    into.errors.addAndGet(errors);
                    into.hits.addAndGet(hits);
                }
            });
            threads[c].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    static void engineDrop(String target, Path idsFile) throws Exception {
        if (!Files.exists(idsFile)) {
            return;
        }
        List<String> projects = Files.readAllLines(idsFile).stream().filter(line -> !line.isBlank()).toList();
        ManagedChannel channel = channel(target);
        try {
            EngineGrpc.EngineBlockingStub engine = EngineGrpc.newBlockingStub(channel);
            for (String project : projects) {
                engine.withDeadlineAfter(WRITE_DEADLINE_MS, TimeUnit.MILLISECONDS)
                        .dropProject(DropProjectRequest.newBuilder().setProjectId(project).build());
            }
            Files.delete(idsFile);
            System.out.printf("==> the benchmark's %d engine projects dropped (DropProject)%n", projects.size());
        } finally {
            close(channel);
        }
    }

    static void close(ManagedChannel channel) throws InterruptedException {
        channel.shutdown();
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
            channel.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------------------------

    static String randomTag() {
        Random random = new java.security.SecureRandom();
        StringBuilder tag = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            tag.append((char) ('a' + random.nextInt(26)));
        }
        return tag.toString();
    }

    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static int count(boolean[] flags) {
        int n = 0;
        for (boolean flag : flags) {
            n += flag ? 1 : 0;
        }
        return n;
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static void results(Path work, String... lines) throws IOException {
        Files.writeString(work.resolve("results.sh"), String.join("\n", lines) + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    static java.util.Properties readResults(Path work) throws IOException {
        java.util.Properties properties = new java.util.Properties();
        try (var reader = Files.newBufferedReader(work.resolve("results.sh"))) {
            properties.load(reader);
        }
        return properties;
    }
}
