package dev.orchestra.syncclient.folder;

/** A regular file found in the folder: its path (relative, {@code /}-separated), size and modification time (millis). */
public record DiskFile(String path, long size, long modified) {
}
