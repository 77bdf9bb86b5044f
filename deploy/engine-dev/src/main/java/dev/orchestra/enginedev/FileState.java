package dev.orchestra.enginedev;

/**
 * What the index remembers about a file besides its lines: the last version it saw and whether
 * that version removed the file. Removed files keep their state so an older IndexFile arriving
 * late cannot bring them back.
 */
record FileState(String path, long version, boolean removed) {
}
