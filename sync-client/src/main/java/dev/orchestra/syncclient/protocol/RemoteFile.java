package dev.orchestra.syncclient.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** A file as batch-get answers it: metadata and content (UTF-8 text). */
public record RemoteFile(UUID id, UUID projectId, String path, String contentHash, long version, String content) {

    public static RemoteFile of(JsonNode node) {
        return new RemoteFile(Json.uuid(node, "id"), Json.uuid(node, "project_id"), Json.text(node, "path"),
                Json.text(node, "content_hash"), node.path("version").asLong(), Json.text(node, "content"));
    }
}
