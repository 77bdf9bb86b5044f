package dev.orchestra.auth.service;

/** What a login tells about the device: its user agent and address, shown in the session list. */
public record Device(String userAgent, String ip) {

    private static final int MAX = 512;

    public Device {
        userAgent = clip(userAgent);
        ip = clip(ip);
    }

    private static String clip(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.length() > MAX ? value.substring(0, MAX) : value;
    }
}
