package dev.orchestra.notification.domain;

/**
 * The shape an address must have before a mail is queued for it: one {@code @} between non-empty
 * parts, no white space or control characters (an address goes into an SMTP command and a header).
 */
public final class EmailAddress {

    private static final int MAX_LENGTH = 254;

    private EmailAddress() {
    }

    public static boolean isValid(String address) {
        if (address == null || address.isEmpty() || address.length() > MAX_LENGTH) {
            return false;
        }
        int at = address.indexOf('@');
        if (at <= 0 || at != address.lastIndexOf('@') || at == address.length() - 1) {
            return false;
        }
        return address.chars().noneMatch(c -> c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';');
    }
}
