package dev.orchestra.stripelocal;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pages a person clicks through, standing in for checkout.stripe.com, billing.stripe.com and
 * invoice.stripe.com: the checkout page (Pay, Cancel), the customer portal (cancel at period end, undo,
 * cancel now), and an invoice with its PDF. Plus {@code /done}, where the local stack's success, cancel and
 * portal return URLs point: it has no web app of its own to land on.
 */
final class Pages implements HttpHandler {

    private static final Pattern CHECKOUT = Pattern.compile("/c/pay/([A-Za-z0-9_]+)(/pay|/cancel)?");
    private static final Pattern PORTAL = Pattern.compile(
            "/p/session/([A-Za-z0-9_]+)(?:/([A-Za-z0-9_]+)/(cancel-at-period-end|resume|cancel-now))?");
    private static final Pattern INVOICE = Pattern.compile("/i/([A-Za-z0-9_]+)(/pdf)?");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy").withZone(ZoneOffset.UTC);

    private final Billing billing;

    Pages(Billing billing) {
        this.billing = billing;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        boolean post = ex.getRequestMethod().equals("POST");
        ex.getRequestBody().readAllBytes();
        try {
            Matcher m;
            if (path.equals("/") && !post) {
                Http.html(ex, 200, page("Local Stripe", "<p>The local stand-in for Stripe. API under <code>/v1/</code>, "
                        + "control under <code>/_local/</code>; checkout and portal pages are reached through the "
                        + "<code>url</code> of their sessions.</p>"));
            } else if ((m = CHECKOUT.matcher(path)).matches()) {
                checkout(ex, m.group(1), post ? m.group(2) : null);
            } else if ((m = PORTAL.matcher(path)).matches()) {
                portal(ex, m.group(1), post ? m.group(2) : null, m.group(3));
            } else if ((m = INVOICE.matcher(path)).matches() && !post) {
                invoice(ex, m.group(1), m.group(2) != null);
            } else if (path.equals("/done") && !post) {
                done(ex, Params.parse(Params.pairs(ex.getRequestURI().getRawQuery())));
            } else {
                Http.html(ex, 404, page("Not found", "<p>Nothing here.</p>"));
            }
        } catch (ApiError e) {
            Http.html(ex, e.status, page("Error", "<p class=error>" + esc(e.getMessage()) + "</p>"));
        }
    }

    private void checkout(HttpExchange ex, String id, String action) throws IOException {
        JsonObject s = billing.view(billing.checkoutSession(id), List.of("line_items"));
        if ("/cancel".equals(action)) {
            String cancel = Json.str(s, "cancel_url");
            if (cancel != null) {
                Http.redirect(ex, cancel);
            } else {
                Http.html(ex, 200, page("Checkout canceled", "<p>You canceled the checkout. Nothing was charged.</p>"));
            }
            return;
        }
        if ("/pay".equals(action)) {
            if ("open".equals(Json.str(s, "status"))) {
                billing.pay(id);
            }
            String success = Json.str(s, "success_url");
            if (success != null) {
                Http.redirect(ex, success.replace("{CHECKOUT_SESSION_ID}", id));
            } else {
                Http.html(ex, 200, page("Payment complete", "<p>Thank you: your subscription is active.</p>"));
            }
            return;
        }
        JsonObject line = s.getAsJsonObject("line_items").getAsJsonArray("data").get(0).getAsJsonObject();
        JsonObject price = line.getAsJsonObject("price");
        String amount = Money.format(price.get("unit_amount").getAsLong(), Json.str(price, "currency"));
        String interval = price.getAsJsonObject("recurring").get("interval").getAsString();
        JsonObject customer = Json.str(s, "customer") == null ? null
                : billing.view(billing.customer(Json.str(s, "customer")), List.of());
        String email = customer != null ? Json.str(customer, "email") : Json.str(s, "customer_email");
        StringBuilder body = new StringBuilder();
        body.append("<p class=muted>Subscribe to</p><h2>").append(esc(Json.str(line, "description"))).append("</h2>");
        body.append("<p class=price>").append(esc(amount)).append(" <span class=muted>per ").append(esc(interval))
                .append("</span></p>");
        body.append("<table><tr><td>Plan</td><td>").append(esc(Json.str(line, "description"))).append(", billed every ")
                .append(esc(interval)).append("</td></tr>");
        body.append("<tr><td>Quantity</td><td>").append(line.get("quantity")).append("</td></tr>");
        body.append("<tr><td>Total due today</td><td>")
                .append(esc(Money.format(s.get("amount_total").getAsLong(), Json.str(s, "currency"))))
                .append("</td></tr>");
        if (email != null) {
            body.append("<tr><td>E-mail</td><td>").append(esc(email)).append("</td></tr>");
        }
        body.append("<tr><td>Card</td><td>4242 4242 4242 4242 (test)</td></tr></table>");
        String status = Json.str(s, "status");
        if ("open".equals(status)) {
            body.append("<form method=post action='/c/pay/").append(esc(id)).append("/pay'>")
                    .append("<button class=primary type=submit>Pay</button></form>");
            body.append("<form method=post action='/c/pay/").append(esc(id)).append("/cancel'>")
                    .append("<button type=submit>Cancel</button></form>");
        } else {
            body.append("<p>This checkout session is ").append(esc(status)).append(".</p>");
            if (Json.str(s, "success_url") != null && "complete".equals(status)) {
                body.append("<p><a href='").append(esc(Json.str(s, "success_url").replace("{CHECKOUT_SESSION_ID}", id)))
                        .append("'>Continue</a></p>");
            }
        }
        Http.html(ex, 200, page("Checkout", body.toString()));
    }

    private void portal(HttpExchange ex, String id, String subscription, String action) throws IOException {
        JsonObject session = billing.view(billing.portalSession(id), List.of());
        String customer = Json.str(session, "customer");
        if (subscription != null) {
            if (!customer.equals(Json.str(billing.subscription(subscription), "customer"))) {
                throw ApiError.noSuch("subscription", subscription, "subscription", true);
            }
            switch (action) {
                case "cancel-at-period-end" -> billing.cancelAtPeriodEnd(subscription, true);
                case "resume" -> billing.cancelAtPeriodEnd(subscription, false);
                default -> billing.cancelNow(subscription);
            }
            Http.redirect(ex, "/p/session/" + id);
            return;
        }
        Billing.Account account = billing.account(customer);
        StringBuilder body = new StringBuilder();
        body.append("<p class=muted>").append(esc(String.valueOf(Json.str(account.customer(), "email"))))
                .append("</p><h2>Subscriptions</h2>");
        if (account.subscriptions().isEmpty()) {
            body.append("<p>No subscription.</p>");
        }
        for (JsonObject sub : account.subscriptions()) {
            JsonObject item = Billing.item(sub);
            JsonObject price = item.getAsJsonObject("price");
            String status = Json.str(sub, "status");
            body.append("<div class=card><p><b>").append(esc(nameOf(price))).append("</b> — ")
                    .append(esc(Money.format(price.get("unit_amount").getAsLong(), Json.str(price, "currency"))))
                    .append(" / ").append(esc(price.getAsJsonObject("recurring").get("interval").getAsString()))
                    .append(" <span class='status ").append(esc(status)).append("'>").append(esc(status))
                    .append("</span></p>");
            long end = item.get("current_period_end").getAsLong();
            if (status.equals("canceled")) {
                body.append("<p>Ended ").append(day(Json.lng(sub, "ended_at"))).append(".</p>");
            } else if (Json.bool(sub, "cancel_at_period_end")) {
                body.append("<p>Cancels on ").append(day(end)).append(".</p>");
            } else {
                body.append("<p>Renews on ").append(day(end)).append(".</p>");
            }
            if (!status.equals("canceled")) {
                String base = "/p/session/" + esc(id) + "/" + esc(Json.str(sub, "id"));
                if (Json.bool(sub, "cancel_at_period_end")) {
                    body.append("<form method=post action='").append(base).append("/resume'>")
                            .append("<button type=submit>Don't cancel</button></form>");
                } else {
                    body.append("<form method=post action='").append(base).append("/cancel-at-period-end'>")
                            .append("<button type=submit>Cancel at period end</button></form>");
                }
                body.append("<form method=post action='").append(base).append("/cancel-now'>")
                        .append("<button class=danger type=submit>Cancel now</button></form>");
            }
            body.append("</div>");
        }
        body.append("<h2>Invoices</h2>");
        if (account.invoices().isEmpty()) {
            body.append("<p>No invoice.</p>");
        } else {
            body.append("<table><tr><th>Number</th><th>Date</th><th>Amount</th><th>Status</th><th></th></tr>");
            for (JsonObject inv : account.invoices()) {
                body.append("<tr><td>").append(esc(String.valueOf(Json.str(inv, "number")))).append("</td><td>")
                        .append(day(Json.lng(inv, "created"))).append("</td><td>")
                        .append(esc(Money.format(inv.get("amount_due").getAsLong(), Json.str(inv, "currency"))))
                        .append("</td><td>").append(esc(Json.str(inv, "status"))).append("</td><td>");
                if (Json.str(inv, "hosted_invoice_url") != null) {
                    body.append("<a href='").append(esc(Json.str(inv, "hosted_invoice_url"))).append("'>View</a>");
                }
                body.append("</td></tr>");
            }
            body.append("</table>");
        }
        String returnUrl = Json.str(session, "return_url");
        if (returnUrl != null) {
            body.append("<p><a href='").append(esc(returnUrl)).append("'>← Return to Orchestra</a></p>");
        }
        Http.html(ex, 200, page("Billing portal", body.toString()));
    }

    private void invoice(HttpExchange ex, String id, boolean pdf) throws IOException {
        JsonObject inv = billing.view(billing.invoice(id), List.of());
        if (Json.str(inv, "hosted_invoice_url") == null) {
            throw ApiError.noSuch("invoice", id, "id", true); // drafts have no hosted page
        }
        JsonObject line = inv.getAsJsonObject("lines").getAsJsonArray("data").get(0).getAsJsonObject();
        JsonObject period = line.getAsJsonObject("period");
        String amount = Money.format(inv.get("amount_due").getAsLong(), Json.str(inv, "currency"));
        String status = Json.str(inv, "status");
        if (pdf) {
            byte[] doc = InvoicePdf.render(List.of(
                    "Invoice " + Json.str(inv, "number"),
                    "Orchestra (local Stripe - test mode)",
                    "Billed to: " + Json.str(inv, "customer_email"),
                    "Date: " + day(Json.lng(inv, "created")),
                    line.get("description").getAsString(),
                    "Period: " + day(period.get("start").getAsLong()) + " - " + day(period.get("end").getAsLong()),
                    "Amount due: " + amount.replace("€", "EUR ").replace("£", "GBP "),
                    "Status: " + status));
            ex.getResponseHeaders().set("Content-Disposition", "inline; filename=\"" + Json.str(inv, "number") + ".pdf\"");
            Http.send(ex, 200, "application/pdf", doc);
            return;
        }
        String body = "<p class=muted>Invoice " + esc(Json.str(inv, "number")) + "</p><p class=price>" + esc(amount)
                + " <span class='status " + esc(status) + "'>" + esc(status) + "</span></p>"
                + "<table><tr><td>Billed to</td><td>" + esc(String.valueOf(Json.str(inv, "customer_email")))
                + "</td></tr><tr><td>Date</td><td>" + day(Json.lng(inv, "created")) + "</td></tr>"
                + "<tr><td>" + esc(line.get("description").getAsString()) + "</td><td>"
                + day(period.get("start").getAsLong()) + " – " + day(period.get("end").getAsLong()) + "</td></tr>"
                + "</table><p><a href='" + esc(Json.str(inv, "invoice_pdf")) + "'>Download PDF</a></p>";
        Http.html(ex, 200, page("Invoice", body));
    }

    /**
     * {@code GET /done?result=success&session_id=cs_…}, {@code ?result=cancel}, {@code ?result=portal}: where the
     * browser lands after Pay, Cancel or the portal's return link when the success, cancel and return URLs
     * point here (the local stack's do). Says what happened and to go back to Orchestra.
     */
    private void done(HttpExchange ex, Params query) throws IOException {
        String back = "<p>You can close this page and go back to Orchestra.</p>";
        String result = query.text("result");
        if ("success".equals(result)) {
            String sessionId = query.text("session_id");
            if (sessionId == null) {
                Http.html(ex, 200, page("Payment complete", "<p>Payment complete — go back to Orchestra.</p>"));
                return;
            }
            JsonObject s = billing.view(billing.checkoutSession(sessionId), List.of("line_items"));
            String status = Json.str(s, "status");
            if (!"complete".equals(status)) {
                // Reached without paying (a bookmark, a typed URL): say so rather than claim a payment.
                String pay = Json.str(s, "url");
                Http.html(ex, 200, page("Not paid", "<p>This checkout session is " + esc(status) + ": nothing was paid.</p>"
                        + (pay == null ? "" : "<p><a href='" + esc(pay) + "'>Back to the checkout page</a></p>") + back));
                return;
            }
            JsonObject line = s.getAsJsonObject("line_items").getAsJsonArray("data").get(0).getAsJsonObject();
            JsonObject price = line.getAsJsonObject("price");
            Http.html(ex, 200, page("Payment complete", "<p>Payment complete — go back to Orchestra.</p><p>"
                    + esc(Json.str(line, "description")) + ", "
                    + esc(Money.format(price.get("unit_amount").getAsLong(), Json.str(price, "currency"))) + " per "
                    + esc(price.getAsJsonObject("recurring").get("interval").getAsString())
                    + ": your subscription is active. Orchestra shows the new plan as soon as its webhook is applied "
                    + "(a few seconds).</p>"));
        } else if ("cancel".equals(result)) {
            Http.html(ex, 200, page("Checkout canceled", "<p>You canceled the checkout. Nothing was charged.</p>" + back));
        } else if ("portal".equals(result)) {
            Http.html(ex, 200, page("Back from the billing portal", "<p>What you changed in the portal reaches Orchestra "
                    + "within a few seconds.</p>" + back));
        } else {
            Http.html(ex, 404, page("Not found", "<p>Nothing here: <code>/done</code> takes "
                    + "<code>result=success|cancel|portal</code>.</p>"));
        }
    }

    private String nameOf(JsonObject price) {
        JsonObject product = billing.view(billing.product(Json.str(price, "product")), List.of());
        return Json.str(product, "name");
    }

    private static String day(Long epochSeconds) {
        return epochSeconds == null ? "" : DAY.format(Instant.ofEpochSecond(epochSeconds));
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=en><head><meta charset=utf-8><title>" + esc(title) + " · local Stripe</title>"
                + "<meta name=viewport content='width=device-width, initial-scale=1'><style>"
                + "body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1a1f36}"
                + ".banner{background:#fff4d6;border:1px solid #f5c451;padding:.4rem .7rem;border-radius:6px;font-size:.85rem}"
                + ".muted{color:#697386}.price{font-size:1.8rem;margin:.3rem 0 1rem}"
                + "table{border-collapse:collapse;width:100%;margin:1rem 0}td,th{padding:.35rem .2rem;"
                + "border-bottom:1px solid #e3e8ee;text-align:left}"
                + "button{font-size:1rem;padding:.55rem 1.2rem;margin:.3rem .3rem .3rem 0;border-radius:6px;"
                + "border:1px solid #c1c9d2;background:#fff;cursor:pointer}form{display:inline}"
                + "button.primary{background:#635bff;color:#fff;border-color:#635bff}"
                + "button.danger{color:#c0123c;border-color:#c0123c}"
                + ".card{border:1px solid #e3e8ee;border-radius:8px;padding:.3rem 1rem .8rem;margin:.8rem 0}"
                + ".status{font-size:.8rem;padding:.1rem .4rem;border-radius:4px;background:#e3e8ee}"
                + ".status.active,.status.paid{background:#d7f7c2}.status.past_due,.status.open,.status.unpaid"
                + "{background:#fde2dd}.error{color:#c0123c}</style></head><body>"
                + "<p class=banner>Test mode — the local stand-in for Stripe. No card is charged.</p>"
                + "<h1>" + esc(title) + "</h1>" + body + "</body></html>";
    }
}
