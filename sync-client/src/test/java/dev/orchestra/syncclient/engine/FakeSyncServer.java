package dev.orchestra.syncclient.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestra.syncclient.protocol.ApiException;
import dev.orchestra.syncclient.protocol.BatchGet;
import dev.orchestra.syncclient.protocol.Change;
import dev.orchestra.syncclient.protocol.Json;
import dev.orchestra.syncclient.protocol.Mutation;
import dev.orchestra.syncclient.protocol.Project;
import dev.orchestra.syncclient.protocol.PullPage;
import dev.orchestra.syncclient.protocol.Rejection;
import dev.orchestra.syncclient.protocol.RemoteFile;
import dev.orchestra.syncclient.protocol.SyncApi;
import dev.orchestra.syncclient.state.Blobs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The sync protocol's rules in memory, for module tests that must not need the stack: gapless mutation
 * ids per device (repeats dropped, gaps 409), optimistic versions (stale_version), tombstones
 * (not_found), unique paths (conflict with details.path), a file-count plan limit, paths a test marks as
 * refused (validation_failed, as the server's rules refuse a path), a gapless change log
 * with origins, snapshots and cursors ("seq:rejection mark"), batch-get. Mutations are applied at once
 * (the real service answers through Kafka a moment later; the engine does not depend on when).
 */
final class FakeSyncServer implements SyncApi {

    static final class Row {
        UUID id;
        String path;
        String content;
        long version;
        boolean deleted;
    }

    final UUID projectId = UUID.randomUUID();
    final Map<UUID, Row> files = new LinkedHashMap<>();
    final List<Change> log = new ArrayList<>();
    final List<ObjectNode> logJson = new ArrayList<>();
    final Map<UUID, Long> lastSubmitted = new HashMap<>();
    final Map<UUID, Long> lastAnswered = new HashMap<>();
    final Map<UUID, List<Rejection>> rejections = new HashMap<>();
    final List<Long> pushedIds = new ArrayList<>();
    final List<String> cursorsAsked = new ArrayList<>();
    volatile boolean offline;
    int fileLimit = Integer.MAX_VALUE;
    /** Paths a create or a rename may not take: rejected with validation_failed naming the path. */
    final Set<String> refusedPaths = new HashSet<>();

    @Override
    public synchronized long push(UUID device, List<Mutation> mutations) throws IOException {
        reachable();
        long last = lastSubmitted.getOrDefault(device, 0L);
        for (Mutation mutation : mutations) {
            if (mutation.id() <= last) {
                continue;
            }
            if (mutation.id() != last + 1) {
                throw new ApiException(409, "conflict", "gap", Json.MAPPER.createObjectNode().put("expected_mutation_id", last + 1));
            }
            pushedIds.add(mutation.id());
            apply(device, mutation);
            last = mutation.id();
            lastAnswered.put(device, last);
        }
        lastSubmitted.put(device, last);
        return last;
    }

    private void apply(UUID device, Mutation mutation) {
        Row row = files.get(mutation.entityId());
        JsonNode data = mutation.data();
        if (data != null && data.has("path") && refusedPaths.contains(data.get("path").asText())) {
            reject(device, mutation, Rejection.VALIDATION_FAILED, Json.MAPPER.createObjectNode().put("path", "refused by the server's rules"));
            return;
        }
        switch (mutation.op()) {
            case "create" -> {
                if (row != null) {
                    reject(device, mutation, Rejection.CONFLICT, Json.MAPPER.createObjectNode());
                    return;
                }
                if (livePath(data.get("path").asText()) != null) {
                    reject(device, mutation, Rejection.CONFLICT, Json.MAPPER.createObjectNode().put("path", "taken"));
                    return;
                }
                if (files.values().stream().filter(file -> !file.deleted).count() >= fileLimit) {
                    reject(device, mutation, Rejection.PLAN_LIMIT, Json.MAPPER.createObjectNode().put("limit", String.valueOf(fileLimit)));
                    return;
                }
                row = new Row();
                row.id = mutation.entityId();
                row.path = data.get("path").asText();
                row.content = data.get("content").asText();
                row.version = 1;
                files.put(row.id, row);
                append(row, "create", device, mutation.id());
            }
            case "update", "delete" -> {
                if (row == null || row.deleted) {
                    reject(device, mutation, Rejection.NOT_FOUND, Json.MAPPER.createObjectNode());
                    return;
                }
                if (row.version != mutation.baseVersion()) {
                    reject(device, mutation, Rejection.STALE_VERSION, Json.MAPPER.createObjectNode());
                    return;
                }
                if (mutation.op().equals("delete")) {
                    row.deleted = true;
                    row.version++;
                    append(row, "delete", device, mutation.id());
                    return;
                }
                if (data.has("path")) {
                    Row other = livePath(data.get("path").asText());
                    if (other != null && other != row) {
                        reject(device, mutation, Rejection.CONFLICT, Json.MAPPER.createObjectNode().put("path", "taken"));
                        return;
                    }
                    row.path = data.get("path").asText();
                }
                if (data.has("content")) {
                    row.content = data.get("content").asText();
                }
                row.version++;
                append(row, "update", device, mutation.id());
            }
            default -> throw new IllegalArgumentException(mutation.op());
        }
    }

    /** A write from elsewhere (REST, or another device this test does not run). */
    synchronized UUID write(UUID id, String path, String content) {
        Row row = id == null ? null : files.get(id);
        if (row == null) {
            row = new Row();
            row.id = id == null ? UUID.randomUUID() : id;
            files.put(row.id, row);
        }
        row.path = path;
        row.content = content;
        row.version++;
        append(row, row.version == 1 ? "create" : "update", null, 0);
        return row.id;
    }

    synchronized void delete(UUID id) {
        Row row = files.get(id);
        row.deleted = true;
        row.version++;
        append(row, "delete", null, 0);
    }

    synchronized Row live(String path) {
        return livePath(path);
    }

    private Row livePath(String path) {
        return files.values().stream().filter(file -> !file.deleted && file.path.equals(path)).findFirst().orElse(null);
    }

    private void reject(UUID device, Mutation mutation, String reason, ObjectNode details) {
        Row row = files.get(mutation.entityId());
        ObjectNode node = Json.MAPPER.createObjectNode().put("mutation_id", mutation.id()).put("entity", "file")
                .put("entity_id", mutation.entityId().toString()).put("reason", reason).put("message", reason);
        node.set("details", details);
        if (row != null && !row.deleted) {
            node.put("current_version", row.version);
            node.set("current", metadata(row));
        }
        rejections.computeIfAbsent(device, key -> new ArrayList<>()).add(Rejection.of(node));
    }

    private void append(Row row, String op, UUID device, long mutationId) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("seq", log.size() + 1).put("entity", "file").put("entity_id", row.id.toString())
                .put("op", op).put("version", row.version);
        node.set("data", row.deleted ? null : metadata(row));
        if (device != null) {
            node.set("origin", Json.MAPPER.createObjectNode().put("device_id", device.toString()).put("mutation_id", mutationId));
        }
        log.add(Change.of(node));
        logJson.add(node);
    }

    /** The {@code changes} frame the socket would send for seqs from..to, with a cursor after them. */
    synchronized ObjectNode frame(int fromSeq, int toSeq) {
        ObjectNode frame = Json.MAPPER.createObjectNode().put("type", "changes").put("from_seq", fromSeq).put("to_seq", toSeq);
        var changes = frame.putArray("changes");
        logJson.subList(fromSeq - 1, toSeq).forEach(changes::add);
        frame.put("cursor", toSeq + ":0");
        return frame;
    }

    private ObjectNode metadata(Row row) {
        byte[] bytes = row.content.getBytes(StandardCharsets.UTF_8);
        return Json.MAPPER.createObjectNode().put("id", row.id.toString()).put("project_id", projectId.toString()).put("path", row.path)
                .put("size", bytes.length).put("content_hash", Blobs.sha256(bytes)).put("version", row.version);
    }

    @Override
    public synchronized PullPage pull(UUID device, String cursor) throws IOException {
        reachable();
        cursorsAsked.add(cursor);
        List<Rejection> mine = rejections.getOrDefault(device, List.of());
        if (cursor == null) {
            List<Change> snapshot = new ArrayList<>();
            for (Row row : files.values()) {
                if (!row.deleted) {
                    ObjectNode node = Json.MAPPER.createObjectNode().put("seq", log.size()).put("entity", "file")
                            .put("entity_id", row.id.toString()).put("op", "create").put("version", row.version);
                    node.set("data", metadata(row));
                    snapshot.add(Change.of(node));
                }
            }
            return new PullPage(snapshot, log.size() + ":" + mine.size(), false, lastAnswered.getOrDefault(device, 0L), List.copyOf(mine));
        }
        String[] parts = cursor.split(":");
        int seq = Integer.parseInt(parts[0]);
        int mark = Integer.parseInt(parts[1]);
        return new PullPage(List.copyOf(log.subList(seq, log.size())), log.size() + ":" + mine.size(), false,
                lastAnswered.getOrDefault(device, 0L), List.copyOf(mine.subList(mark, mine.size())));
    }

    @Override
    public synchronized BatchGet batchGet(UUID project, List<UUID> ids) throws IOException {
        reachable();
        List<RemoteFile> found = new ArrayList<>();
        List<UUID> missing = new ArrayList<>();
        for (UUID id : ids) {
            Row row = files.get(id);
            if (row == null || row.deleted) {
                missing.add(id);
            } else {
                found.add(new RemoteFile(row.id, projectId, row.path, Blobs.sha256(row.content.getBytes(StandardCharsets.UTF_8)), row.version,
                        row.content));
            }
        }
        return new BatchGet(found, false, missing);
    }

    @Override
    public List<Project> projects() {
        return List.of(new Project(projectId, "fake", 1, null));
    }

    @Override
    public Project createProject(String name) {
        throw new UnsupportedOperationException();
    }

    private void reachable() throws IOException {
        if (offline) {
            throw new IOException("connection refused (offline)");
        }
    }
}
