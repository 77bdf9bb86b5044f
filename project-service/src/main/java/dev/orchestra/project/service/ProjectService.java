package dev.orchestra.project.service;

import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.paging.Keyset;
import dev.orchestra.platform.paging.Page;
import dev.orchestra.platform.paging.PageRequest;
import dev.orchestra.project.domain.Account;
import dev.orchestra.project.domain.Origin;
import dev.orchestra.project.domain.Project;
import dev.orchestra.project.domain.Refusal;
import dev.orchestra.project.repository.EntityIds;
import dev.orchestra.project.repository.FileRepository;
import dev.orchestra.project.repository.ProjectRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Projects: the one write path for REST and sync alike (a sync write passes its {@link Origin},
 * REST passes null), so validation, quota, ownership and versions are the same either way.
 *
 * <p>Every refusal happens before the first write, decided under row locks (the user's for the
 * quota, the project's for its state) rather than by a failing statement: a refusal therefore
 * leaves the transaction usable, and {@code dontRollbackOn} keeps it from being marked for
 * rollback — the sync consumer publishes its rejection and its inbox entry in that same
 * transaction. Failures of the infrastructure are not {@link ApiException}s and do roll back.
 */
@ApplicationScoped
public class ProjectService {

    private final ProjectRepository projects;
    private final FileRepository files;
    private final EntityIds ids;
    private final Accounts accounts;
    private final Plans plans;
    private final ProjectEvents events;
    private final Clock clock;

    public ProjectService(ProjectRepository projects, FileRepository files, EntityIds ids, Accounts accounts, Plans plans,
                          ProjectEvents events, Clock clock) {
        this.projects = projects;
        this.files = files;
        this.ids = ids;
        this.accounts = accounts;
        this.plans = plans;
        this.events = events;
        this.clock = clock;
    }

    /** The caller's live projects, newest first. */
    public Page<Project> list(UUID ownerId, String limit, String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, "projects:" + ownerId);
        List<Project> rows = projects.pageLive(ownerId, page.after(), page.fetchSize());
        return page.page(rows, project -> new Keyset(project.createdAt(), project.id()), project -> project);
    }

    /** The caller's live project; someone else's, a deleted or an unknown one → 404. */
    public Project get(UUID ownerId, UUID id) {
        return current(ownerId, id).orElseThrow(Refusal::notFound);
    }

    /** The caller's live project, if it is one. */
    public Optional<Project> current(UUID ownerId, UUID id) {
        return projects.find(id).filter(project -> project.isLiveOf(ownerId));
    }

    /**
     * Creates a project with the client's id (or a new one). The caller's own live project of that
     * id comes back as it is (not created; {@code identical} when the data matches it); an id held
     * otherwise — another user's project, a tombstone, or any file (ids are one space for projects
     * and files) — is a 409 that shows nothing of it. Decided under the user's lock (which orders
     * the user's creates and quota checks), the id's lock and the existing project's row lock (so
     * the state a repeated create answers with is that of the last event published for it).
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public Created<Project> create(UUID ownerId, UUID requestedId, Body<ProjectInput.Draft> data, Origin origin) {
        Account account = accounts.lockActive(ownerId);
        if (requestedId != null) {
            ids.lock(requestedId);
            Optional<Project> existing = projects.lock(requestedId);
            if (existing.isPresent()) {
                if (existing.get().isLiveOf(ownerId)) {
                    ProjectInput.Draft draft = data.read();
                    return Created.existing(existing.get(), draft.sameAs(existing.get()));
                }
                throw Refusal.idTaken();
            }
            if (files.exists(requestedId)) {
                throw Refusal.idTaken();
            }
        }
        ProjectInput.Draft draft = data.read();
        Plans.Limits limits = plans.limitsOf(account.plan());
        if (projects.countLive(ownerId) >= limits.projects()) {
            throw Refusal.planLimit(limits.projects());
        }
        Instant now = now();
        Project project = new Project(requestedId != null ? requestedId : Ids.newId(clock), ownerId, draft.name(), draft.path(),
                draft.settingsText(), 1, now, now, origin != null ? now : null, false);
        if (!projects.insert(project)) {
            // A server-made id taken meanwhile (a client's id is locked and checked above): cannot happen with UUIDv7.
            throw Refusal.idTaken();
        }
        events.projectCreated(project, origin);
        return Created.created(project);
    }

    /**
     * A partial update (docs/architecture.md section 2): absent fields stay, a null path clears it, settings
     * are replaced whole. The project is locked and found to be the caller's before the data is
     * read (someone else's → 404 whatever the data). With an expected version, a stale one → 409
     * with the current version. An update that changes nothing makes no version and no event.
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public Changed<Project> update(UUID ownerId, UUID id, Body<ProjectInput.Change> data, Long expectedVersion, Origin origin) {
        Project current = lockLive(ownerId, id);
        ProjectInput.Change change = data.read();
        Refusal.checkVersion(current.version(), expectedVersion);
        String name = change.name() != null ? change.name() : current.name();
        String path = change.pathGiven() ? change.path() : current.path();
        if (name.equals(current.name()) && Objects.equals(path, current.path())
                && (change.settings() == null || ProjectInput.sameSettings(change.settings(), current.settings()))) {
            return new Changed<>(current, false);
        }
        String settings = change.settings() != null ? ProjectInput.text(change.settings()) : current.settings();
        Instant now = now();
        Project next = current.changed(name, path, settings, now, origin != null ? now : null);
        projects.update(next);
        events.projectUpdated(next, origin);
        return new Changed<>(next, true);
    }

    /**
     * Deletes a project: it becomes a tombstone (id, version + 1, deleted) and its live files become
     * tombstones with it (no content, their versions kept, their ids still taken); its
     * ProjectDeleted stands for them all (no FileDeleted per file).
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public Project delete(UUID ownerId, UUID id, Long expectedVersion, Origin origin) {
        // The user's lock first (as every write that changes the content counter), then the project's.
        accounts.lockActive(ownerId);
        Project current = lockLive(ownerId, id);
        Refusal.checkVersion(current.version(), expectedVersion);
        Project tombstone = current.tombstone(now());
        long freed = files.tombstoneAllOf(id, tombstone.updatedAt());
        accounts.addContentBytes(ownerId, -freed);
        projects.update(tombstone);
        events.projectDeleted(tombstone, origin);
        return tombstone;
    }

    /**
     * The caller's live project with its row locked, if it is one: the current state a sync
     * rejection carries, read under the lock that orders the project's events, so the rejection
     * is never published after an event of a newer state than the one it shows.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Project> lockedCurrent(UUID ownerId, UUID id) {
        return projects.lock(id).filter(project -> project.isLiveOf(ownerId));
    }

    /** The caller's live project, its row locked until the transaction ends; anything else → 404. */
    public Project lockLive(UUID ownerId, UUID id) {
        return projects.lock(id).filter(project -> project.isLiveOf(ownerId)).orElseThrow(Refusal::notFound);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
