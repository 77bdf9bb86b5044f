package dev.orchestra.engine.domain;

/** An update the engine found for an installed extension. */
public record ExtensionUpdate(String id, String installedVersion, String availableVersion, String downloadUrl,
                              String releaseNotes) {
}
