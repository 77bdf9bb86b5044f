package dev.orchestra.enginedev;

/** One matching line: where it is, what it says (shortened), how well it matches. */
record SearchHitLine(String fileId, String path, int line, String snippet, float score) {
}
