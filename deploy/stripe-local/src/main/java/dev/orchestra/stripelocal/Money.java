package dev.orchestra.stripelocal;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

/** Amounts in a currency's smallest unit, formatted for the hosted pages. */
final class Money {

    private static final Set<String> ZERO_DECIMAL = Set.of("jpy", "krw", "vnd", "clp", "pyg", "xaf", "xof");

    private Money() {
    }

    static String format(long amount, String currency) {
        String c = currency.toLowerCase(Locale.ROOT);
        String number = ZERO_DECIMAL.contains(c) ? Long.toString(amount)
                : BigDecimal.valueOf(amount, 2).toPlainString();
        return switch (c) {
            case "usd" -> "$" + number;
            case "eur" -> "€" + number;
            case "gbp" -> "£" + number;
            default -> number + " " + c.toUpperCase(Locale.ROOT);
        };
    }
}
