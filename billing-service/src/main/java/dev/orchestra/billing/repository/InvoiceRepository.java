package dev.orchestra.billing.repository;

import dev.orchestra.billing.domain.Invoice;
import dev.orchestra.platform.paging.Keyset;
import dev.orchestra.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/** Users' invoices, as the invoice webhooks (re-read from Stripe) last showed them. */
@ApplicationScoped
public class InvoiceRepository {

    private final Sql sql;

    public InvoiceRepository(Sql sql) {
        this.sql = sql;
    }

    /** Inserts the invoice, or updates what changes of it (its id, owner and creation time stay). */
    public void save(Invoice i, java.time.Instant now) {
        sql.execute("insert into invoices (id, stripe_invoice_id, user_id, stripe_customer_id, stripe_subscription_id, number, status, "
                + "amount_due, amount_paid, currency, period_start, period_end, hosted_invoice_url, invoice_pdf, created_at, updated_at) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (stripe_invoice_id) do update set "
                + "stripe_subscription_id = excluded.stripe_subscription_id, number = excluded.number, status = excluded.status, "
                + "amount_due = excluded.amount_due, amount_paid = excluded.amount_paid, currency = excluded.currency, "
                + "period_start = excluded.period_start, period_end = excluded.period_end, "
                + "hosted_invoice_url = excluded.hosted_invoice_url, invoice_pdf = excluded.invoice_pdf, updated_at = excluded.updated_at",
                i.id(), i.stripeId(), i.userId(), i.customerId(), i.subscriptionId(), i.number(), i.status(), i.amountDue(), i.amountPaid(),
                i.currency(), i.periodStart(), i.periodEnd(), i.hostedInvoiceUrl(), i.invoicePdf(), i.createdAt(), now);
    }

    /** The user's invoices newest first by (created_at, id), after the given position. */
    public List<Invoice> page(UUID userId, Keyset after, int size) {
        if (after == null) {
            return sql.query("select * from invoices where user_id = ? order by created_at desc, id desc limit ?",
                    InvoiceRepository::map, userId, size);
        }
        return sql.query("select * from invoices where user_id = ? and (created_at, id) < (?, ?) order by created_at desc, id desc limit ?",
                InvoiceRepository::map, userId, after.createdAt(), after.id(), size);
    }

    public void deleteForUser(UUID userId) {
        sql.execute("delete from invoices where user_id = ?", userId);
    }

    private static Invoice map(ResultSet row) throws SQLException {
        return new Invoice(Sql.uuid(row, "id"), row.getString("stripe_invoice_id"), Sql.uuid(row, "user_id"),
                row.getString("stripe_customer_id"), row.getString("stripe_subscription_id"), row.getString("number"),
                row.getString("status"), row.getLong("amount_due"), row.getLong("amount_paid"), row.getString("currency"),
                Sql.instant(row, "period_start"), Sql.instant(row, "period_end"), row.getString("hosted_invoice_url"),
                row.getString("invoice_pdf"), Sql.instant(row, "created_at"));
    }
}
