package dev.orchestra.notification.client;

/** A rendered mail for one address: a subject, a plain-text part and an HTML part. */
public record OutgoingMail(String to, String subject, String text, String html) {
}
