package dev.orchestra.enginedev;

/** A file as the engine knows it: ids are unique within a project only. */
record FileKey(String projectId, String fileId) {

    /** One index term per file; the length prefix keeps ("ab", "c") apart from ("a", "bc"). */
    String term() {
        return projectId.length() + ":" + projectId + fileId;
    }
}
