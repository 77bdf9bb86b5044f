package dev.orchestra.billing.service;

import dev.orchestra.billing.domain.Account;
import dev.orchestra.billing.domain.Invoice;
import dev.orchestra.billing.repository.AccountRepository;
import dev.orchestra.billing.repository.InvoiceRepository;
import dev.orchestra.platform.paging.Keyset;
import dev.orchestra.platform.paging.Page;
import dev.orchestra.platform.paging.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** What a user reads of their billing: the subscription state and their invoices. */
@ApplicationScoped
public class AccountService {

    private final AccountRepository accounts;
    private final InvoiceRepository invoices;

    public AccountService(AccountRepository accounts, InvoiceRepository invoices) {
        this.accounts = accounts;
        this.invoices = invoices;
    }

    /** The user's plan, subscription status and last payment failure (free and {@code none} without a subscription). */
    public Account subscription(UUID userId) {
        return accounts.find(userId).orElse(Account.none(userId));
    }

    /** The user's invoices, newest first, keyset-paged ({@code ?limit=1..200}, default 50; a cursor of this list only). */
    public <T> Page<T> invoices(UUID userId, String limit, String cursor, Function<Invoice, T> toResource) {
        PageRequest request = PageRequest.of(limit, cursor, "billing-invoices:" + userId);
        List<Invoice> rows = invoices.page(userId, request.after(), request.fetchSize());
        return request.page(rows, invoice -> new Keyset(invoice.createdAt(), invoice.id()), toResource);
    }
}
