package dev.orchestra.stripelocal;

import java.util.List;
import java.util.Locale;

/**
 * A recurring price the server knows from its configuration (Stripe's prices live in the dashboard;
 * here they are fixed at start).
 *
 * @param id        the price id billing-service is configured with (STRIPE_PRICE_PRO_MONTH, …)
 * @param productId the product it belongs to
 * @param product   the product's name, shown on the checkout page and invoice lines
 * @param interval  {@code month} or {@code year}
 * @param amount    in the currency's smallest unit (cents)
 * @param currency  lower-case ISO code
 */
public record ConfiguredPrice(String id, String productId, String product, String interval, long amount,
        String currency) {

    public static final String PRO_PRODUCT = "prod_orchestra_pro";
    public static final String PRO_MONTH = "price_orchestra_pro_month";
    public static final String PRO_YEAR = "price_orchestra_pro_year";

    /** The defaults: Orchestra Pro at 10.00 USD a month or 100.00 USD a year. */
    public static final List<ConfiguredPrice> DEFAULTS = List.of(
            new ConfiguredPrice(PRO_MONTH, PRO_PRODUCT, "Orchestra Pro", "month", 1000, "usd"),
            new ConfiguredPrice(PRO_YEAR, PRO_PRODUCT, "Orchestra Pro", "year", 10000, "usd"));

    public ConfiguredPrice {
        if (!interval.equals("month") && !interval.equals("year") && !interval.equals("week")
                && !interval.equals("day")) {
            throw new IllegalArgumentException("interval must be day, week, month or year: " + interval);
        }
        if (amount < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + amount);
        }
        currency = currency.toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the command line's {@code ID=INTERVAL:AMOUNT:CURRENCY[:PRODUCT_ID[:PRODUCT NAME]]},
     * e.g. {@code price_pro_month=month:1000:usd}.
     */
    public static ConfiguredPrice parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected ID=INTERVAL:AMOUNT:CURRENCY[:PRODUCT_ID[:NAME]], got " + spec);
        }
        String[] f = spec.substring(eq + 1).split(":", 5);
        if (f.length < 3) {
            throw new IllegalArgumentException("expected ID=INTERVAL:AMOUNT:CURRENCY[:PRODUCT_ID[:NAME]], got " + spec);
        }
        return new ConfiguredPrice(spec.substring(0, eq), f.length > 3 ? f[3] : PRO_PRODUCT,
                f.length > 4 ? f[4] : "Orchestra Pro", f[0], Long.parseLong(f[1]), f[2]);
    }

    /** "$10.00 / month" */
    String label() {
        return Money.format(amount, currency) + " / " + interval;
    }
}
