package dev.orchestra.auth.service;

/** What a login tells about the device: its user agent and address, shown in the session list. */
public record Device(String userAgent, String ip) {

    private static final int MAX = 512;

    public Device {
        userAgent = clip(userAgent);
        ip = clip(ip);
    }

    /** At most 512 characters, control characters dropped (a header is shown back, never interpreted). */
    private static String clip(String value) {
        if (value == null) {
            return null;
        }
        String clean = value.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (clean.isEmpty()) {
            return null;
        }
        if (clean.length() <= MAX) {
            return clean;
        }
        // Never cut a surrogate pair in two.
        return clean.substring(0, Character.isHighSurrogate(clean.charAt(MAX - 1)) ? MAX - 1 : MAX);
    }
}
