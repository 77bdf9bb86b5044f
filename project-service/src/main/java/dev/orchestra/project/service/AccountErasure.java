package dev.orchestra.project.service;

import dev.orchestra.platform.outbox.Outbox;
import dev.orchestra.platform.security.Revocations;
import dev.orchestra.project.repository.AccountRepository;
import dev.orchestra.project.repository.ProjectRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/**
 * UserDeleted (docs/architecture.md section 4): the user's projects and files are erased at once — tombstones
 * too, and no event per entity — and the deleted-user marker is kept, so later events about the
 * user are dropped and tokens still valid are refused. The user's events still waiting in the
 * outbox, or moved aside as unpublishable, are deleted too.
 */
@ApplicationScoped
public class AccountErasure {

    private final AccountRepository accounts;
    private final ProjectRepository projects;
    private final Revocations revocations;
    private final Outbox outbox;

    public AccountErasure(AccountRepository accounts, ProjectRepository projects, Revocations revocations, Outbox outbox) {
        this.outbox = outbox;
        this.accounts = accounts;
        this.projects = projects;
        this.revocations = revocations;
    }

    /** Idempotent: erasing an erased user changes nothing. */
    @Transactional
    public void erase(UUID userId, Instant deletedAt) {
        // The user's lock waits for that user's writes in flight; writes after it see the flag.
        accounts.lock(userId);
        // Events of theirs not yet published (file contents, names) go with the rest.
        outbox.forgetUser(userId);
        projects.deleteAllOf(userId);
        accounts.markErased(userId);
        revocations.markDeleted(userId, deletedAt);
    }

    public boolean isErased(UUID userId) {
        return revocations.isDeleted(userId);
    }
}
