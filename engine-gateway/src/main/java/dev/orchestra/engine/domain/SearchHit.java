package dev.orchestra.engine.domain;

/** One line the engine found. */
public record SearchHit(String fileId, String path, int line, String snippet, double score) {
}
