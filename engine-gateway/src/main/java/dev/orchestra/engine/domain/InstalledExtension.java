package dev.orchestra.engine.domain;

/** An extension of the installed set that the 6-hourly check asks about: {@code id@version} in config. */
public record InstalledExtension(String id, String version) {

    public InstalledExtension {
        if (id == null || id.isBlank() || version == null || version.isBlank()) {
            throw new IllegalArgumentException("an installed extension needs an id and a version");
        }
    }

    /** {@code orchestra.git@2.3.0}. */
    public static InstalledExtension parse(String text) {
        String trimmed = text.trim();
        int at = trimmed.lastIndexOf('@');
        if (at <= 0 || at == trimmed.length() - 1) {
            throw new IllegalArgumentException("an installed extension is id@version, not '" + text + "'");
        }
        return new InstalledExtension(trimmed.substring(0, at), trimmed.substring(at + 1));
    }
}
