package dev.orchestra.stripelocal;

/**
 * An event the server made, and how its webhook deliveries went.
 *
 * @param status     of the latest delivery: {@code pending} (not tried yet), {@code retrying} (failed, will be
 *                   tried again), {@code delivered} (a 2xx answer), {@code failed} (gave up after the last
 *                   attempt) or {@code skipped} (no webhook URL configured)
 * @param attempts   HTTP attempts over all deliveries
 * @param deliveries the first one plus one per resend
 * @param lastError  the last failed attempt's HTTP status or exception, null if none failed
 * @param payload    the event as JSON, exactly as the API shows it now
 */
public record SentEvent(String id, String type, long created, String status, int attempts, int deliveries,
        String lastError, String payload) {
}
