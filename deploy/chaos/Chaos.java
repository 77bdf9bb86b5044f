import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * ./orchestra chaos, the parts that need a program (deploy/chaos/chaos.sh runs them around each fault):
 *
 * <ul>
 *   <li>{@code setup GATEWAY WORK_DIR FAULT}: an account of the fault's own (a free plan holds 500 files a
 *       project) and a project through the gateway, and the cursor of the account's (empty) change log,
 *       in WORK_DIR/FAULT.properties.</li>
 *   <li>{@code write GATEWAY WORK_DIR FAULT RATE}: creates files in the project through the gateway at
 *       about RATE a second until WORK_DIR/FAULT.stop exists; the id of every file answered 201 goes to
 *       WORK_DIR/FAULT.acked, every other answer or failure is counted in WORK_DIR/FAULT.refused.</li>
 *   <li>{@code check GATEWAY WORK_DIR FAULT TIMEOUT_S}: reads the change log from the setup's cursor
 *       until every acknowledged file of FAULT is in it (or the time is up); prints
 *       {@code FAULT ACKED REFUSED LOST DOUBLED}: creates of acknowledged files missing, and files
 *       created more than once.</li>
 * </ul>
 */
public class Chaos {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "setup" -> setup(args[1], Path.of(args[2]), args[3]);
            case "write" -> write(args[1], Path.of(args[2]), args[3], Integer.parseInt(args[4]));
            case "check" -> check(args[1], Path.of(args[2]), args[3], Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException("unknown step " + args[0]);
        }
    }

    static void setup(String gateway, Path work, String fault) throws Exception {
        Files.createDirectories(work);
        String email = "chaos-" + UUID.randomUUID() + "@chaos.example.com";
        JsonObject session = call(gateway, "POST", "/auth/register", null,
                "{\"email\":\"" + email + "\",\"name\":\"Chaos\",\"password\":\"chaos password 123\"}", 201).getAsJsonObject("data");
        String token = session.get("access_token").getAsString();
        // The projection of the account reaches project-service by an event: retried until it has.
        String project = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (project == null) {
            HttpResponse<String> created = send(gateway, "POST", "/api/v1/projects", token, "{\"name\":\"chaos\"}");
            if (created.statusCode() == 201) {
                project = JsonParser.parseString(created.body()).getAsJsonObject().getAsJsonObject("data").get("id").getAsString();
            } else if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not create the project: " + created.statusCode() + " " + created.body());
            } else {
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        String device = UUID.randomUUID().toString();
        String cursor = null;
        JsonObject page;
        do {
            page = pull(gateway, token, device, cursor);
            cursor = page.get("cursor").getAsString();
        } while (page.get("has_more").getAsBoolean());
        Properties state = new Properties();
        state.setProperty("email", email);
        state.setProperty("token", token);
        state.setProperty("project", project);
        state.setProperty("device", device);
        state.setProperty("cursor", cursor);
        try (var out = Files.newBufferedWriter(work.resolve(fault + ".properties"))) {
            state.store(out, "./orchestra chaos");
        }
    }

    static void write(String gateway, Path work, String fault, int rate) throws Exception {
        Properties state = state(work, fault);
        Path acked = work.resolve(fault + ".acked");
        Path stop = work.resolve(fault + ".stop");
        long refused = 0;
        long pause = 1000L / Math.max(1, rate);
        for (int n = 0; !Files.exists(stop); n++) {
            String path = "chaos/" + fault + "/" + n + "-" + UUID.randomUUID() + ".txt";
            try {
                HttpResponse<String> answer = send(gateway, "POST", "/api/v1/projects/" + state.getProperty("project") + "/files",
                        state.getProperty("token"), "{\"path\":\"" + path + "\",\"content\":\"written during " + fault + "\\n\"}");
                if (answer.statusCode() == 201) {
                    String id = JsonParser.parseString(answer.body()).getAsJsonObject().getAsJsonObject("data").get("id").getAsString();
                    Files.writeString(acked, id + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } else {
                    refused++;
                }
            } catch (IOException e) {
                refused++;
            }
            Files.writeString(work.resolve(fault + ".refused"), String.valueOf(refused));
            TimeUnit.MILLISECONDS.sleep(pause);
        }
    }

    static void check(String gateway, Path work, String fault, int timeoutSeconds) throws Exception {
        Properties state = state(work, fault);
        List<String> acked = Files.exists(work.resolve(fault + ".acked")) ? Files.readAllLines(work.resolve(fault + ".acked")) : List.of();
        long refused = Files.exists(work.resolve(fault + ".refused")) ? Long.parseLong(Files.readString(work.resolve(fault + ".refused")).strip()) : 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        Map<String, Integer> creates = Map.of();
        long lost = acked.size();
        do {
            try {
                creates = creates(gateway, state);
            } catch (Exception e) {
                // The stack is still coming back: read again.
                TimeUnit.MILLISECONDS.sleep(500);
                continue;
            }
            Map<String, Integer> seen = creates;
            lost = acked.stream().filter(id -> !seen.containsKey(id)).count();
            if (lost == 0) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        } while (System.nanoTime() < deadline);
        Map<String, Integer> seen = creates;
        long doubled = acked.stream().filter(id -> seen.getOrDefault(id, 0) > 1).count();
        System.out.printf("%s %d %d %d %d%n", fault, acked.size(), refused, lost, doubled);
    }

    /** Creates per file id in the change log after the setup's cursor (a fresh read each time). */
    static Map<String, Integer> creates(String gateway, Properties state) throws Exception {
        Map<String, Integer> creates = new HashMap<>();
        String cursor = state.getProperty("cursor");
        JsonObject page;
        do {
            page = pull(gateway, state.getProperty("token"), state.getProperty("device"), cursor);
            for (JsonElement element : page.getAsJsonArray("changes")) {
                JsonObject change = element.getAsJsonObject();
                if ("file".equals(change.get("entity").getAsString()) && "create".equals(change.get("op").getAsString())) {
                    creates.merge(change.get("entity_id").getAsString(), 1, Integer::sum);
                }
            }
            cursor = page.get("cursor").getAsString();
        } while (page.get("has_more").getAsBoolean());
        return creates;
    }

    static JsonObject pull(String gateway, String token, String device, String cursor) throws Exception {
        String body = "{\"device_id\":\"" + device + "\",\"cursor\":" + (cursor == null ? "null" : "\"" + cursor + "\"") + "}";
        return call(gateway, "POST", "/api/v1/sync/pull", token, body, 200).getAsJsonObject("data");
    }

    static Properties state(Path work, String fault) throws IOException {
        Properties state = new Properties();
        try (var in = Files.newBufferedReader(work.resolve(fault + ".properties"))) {
            state.load(in);
        }
        return state;
    }

    static HttpResponse<String> send(String gateway, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject call(String gateway, String method, String path, String token, String body, int expected) throws Exception {
        HttpResponse<String> answer = send(gateway, method, path, token, body);
        if (answer.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return JsonParser.parseString(answer.body()).getAsJsonObject();
    }
}
