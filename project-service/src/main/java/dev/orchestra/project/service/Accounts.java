package dev.orchestra.project.service;

import dev.orchestra.project.domain.Account;
import dev.orchestra.project.domain.Refusal;
import dev.orchestra.project.repository.AccountRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The per-user lock every quota-relevant write takes first (before the project's), so that two
 * writes racing at a limit are serialised and the second sees the first. Runs in the caller's
 * transaction; not transactional itself, so its refusal does not doom the caller's transaction.
 */
@ApplicationScoped
public class Accounts {

    private final AccountRepository accounts;

    public Accounts(AccountRepository accounts) {
        this.accounts = accounts;
    }

    /** The caller's account, locked; an erased user (a write racing UserDeleted) → 404. */
    public Account lockActive(UUID userId) {
        Account account = accounts.lock(userId);
        if (account.erased()) {
            throw Refusal.notFound();
        }
        return account;
    }

    public void addContentBytes(UUID userId, long delta) {
        accounts.addContentBytes(userId, delta);
    }
}
