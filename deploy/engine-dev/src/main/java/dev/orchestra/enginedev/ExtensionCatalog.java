package dev.orchestra.enginedev;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The extensions the engine offers, one line each (see README.md, "Extension catalog"):
 * <pre>
 * # comment
 * id   latest-version   download-url   release notes, the rest of the line
 * </pre>
 */
final class ExtensionCatalog {

    private static final String BUILT_IN = "default-extension-catalog.txt";

    /** One extension's latest release. */
    record Entry(String id, SemanticVersion version, String versionText, String downloadUrl, String releaseNotes) {
    }

    private final Map<String, Entry> entries;
    private final String source;

    private ExtensionCatalog(Map<String, Entry> entries, String source) {
        this.entries = entries;
        this.source = source;
    }

    static ExtensionCatalog load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString());
        }
    }

    /** The catalog shipped in the jar, used when no --catalog is given. */
    static ExtensionCatalog builtIn() throws IOException {
        try (InputStream in = ExtensionCatalog.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IOException("built-in catalog " + BUILT_IN + " is missing from the jar");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), "built-in catalog");
        }
    }

    /** @throws IllegalArgumentException naming the source and line of the first bad line */
    static ExtensionCatalog parse(Reader reader, String source) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        BufferedReader lines = new BufferedReader(reader);
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            try {
                Entry entry = entry(text);
                if (entries.putIfAbsent(entry.id(), entry) != null) {
                    throw new IllegalArgumentException("extension " + entry.id() + " is listed twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + number + ": " + e.getMessage(), e);
            }
        }
        return new ExtensionCatalog(Map.copyOf(entries), source);
    }

    private static Entry entry(String text) {
        String[] fields = text.split("\\s+", 4);
        if (fields.length < 3) {
            throw new IllegalArgumentException("expected: id version download-url [release notes]");
        }
        SemanticVersion version = SemanticVersion.parse(fields[1]);
        return new Entry(fields[0], version, fields[1], checkedUrl(fields[2]), fields.length == 4 ? fields[3] : "");
    }

    private static String checkedUrl(String url) {
        try {
            URI uri = new URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + url + "' is not an http(s) URL");
    }

    /** The catalog's release of {@code id} when it is newer than {@code installed}. */
    Optional<Entry> updateFor(String id, SemanticVersion installed) {
        return Optional.ofNullable(entries.get(id)).filter(entry -> entry.version().isNewerThan(installed));
    }

    int size() {
        return entries.size();
    }

    String description() {
        return source + " (" + entries.size() + " extensions)";
    }
}
