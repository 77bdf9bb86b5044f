package dev.orchestra.project.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.paging.Keyset;
import dev.orchestra.platform.paging.Page;
import dev.orchestra.platform.paging.PageRequest;
import dev.orchestra.project.domain.Account;
import dev.orchestra.project.domain.Origin;
import dev.orchestra.project.domain.Project;
import dev.orchestra.project.messaging.ProjectEvents;
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
    private final Accounts accounts;
    private final Plans plans;
    private final ProjectEvents events;
    private final Clock clock;

    public ProjectService(ProjectRepository projects, FileRepository files, Accounts accounts, Plans plans, ProjectEvents events,
                          Clock clock) {
        this.projects = projects;
        this.files = files;
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
        return current(ownerId, id).orElseThrow(ApiException::notFound);
    }

    /** The caller's live project, if it is one (a rejection's current state). */
    public Optional<Project> current(UUID ownerId, UUID id) {
        return projects.find(id).filter(project -> project.isLiveOf(ownerId));
    }

    /**
     * Creates a project with the client's id (or a new one). The caller's own live project of that
     * id comes back as it is (not created; {@code identical} when the data matches it); an id held
     * otherwise — another user's project or a tombstone — is a 409 that shows nothing of it.
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public Created<Project> create(UUID ownerId, UUID requestedId, JsonNode data, Origin origin) {
        ProjectInput.Draft draft = ProjectInput.draft(data);
        Account account = accounts.lockActive(ownerId);
        if (requestedId != null) {
            Optional<Project> existing = projects.find(requestedId);
            if (existing.isPresent()) {
                if (existing.get().isLiveOf(ownerId)) {
                    return Created.existing(existing.get(), draft.sameAs(existing.get()));
                }
                throw Refusals.idTaken();
            }
        }
        Plans.Limits limits = plans.limitsOf(account.plan());
        if (projects.countLive(ownerId) >= limits.projects()) {
            throw ApiException.planLimit(limits.projects());
        }
        Instant now = now();
        Project project = new Project(requestedId != null ? requestedId : Ids.newId(clock), ownerId, draft.name(), draft.path(),
                draft.settingsText(), 1, now, now, origin != null ? now : null, false);
        if (!projects.insert(project)) {
            // Taken by another user's create that committed after the check above.
            throw Refusals.idTaken();
        }
        events.projectCreated(project, origin);
        return Created.created(project);
    }

    /**
     * A partial update (DESIGN.md section 2): absent fields stay, a null path clears it, settings
     * are replaced whole. With an expected version, a stale one → 409 with the current version. An
     * update that changes nothing makes no version and no event.
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public Changed<Project> update(UUID ownerId, UUID id, JsonNode data, Long expectedVersion, Origin origin) {
        ProjectInput.Change change = ProjectInput.change(data);
        Project current = lockLive(ownerId, id);
        Refusals.checkVersion(current.version(), expectedVersion);
        String name = change.name() != null ? change.name() : current.name();
        String path = change.pathGiven() ? change.path() : current.path();
        JsonNode settings = change.settings() != null ? change.settings() : ProjectInput.tree(current.settings());
        if (name.equals(current.name()) && Objects.equals(path, current.path())
                && settings.equals(ProjectInput.tree(current.settings()))) {
            return new Changed<>(current, false);
        }
        Instant now = now();
        Project next = current.changed(name, path, ProjectInput.text(settings), now, origin != null ? now : null);
        projects.update(next);
        events.projectUpdated(next, origin);
        return new Changed<>(next, true);
    }

    /**
     * Deletes a project: it becomes a tombstone (id, version + 1, deleted) and its files are removed
     * with it; its ProjectDeleted stands for them all.
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public Project delete(UUID ownerId, UUID id, Long expectedVersion, Origin origin) {
        // The user's lock first (as every write that changes the content counter), then the project's.
        accounts.lockActive(ownerId);
        Project current = lockLive(ownerId, id);
        Refusals.checkVersion(current.version(), expectedVersion);
        long freed = files.deleteAllOf(id);
        accounts.addContentBytes(ownerId, -freed);
        Project tombstone = current.tombstone(now());
        projects.update(tombstone);
        events.projectDeleted(tombstone, origin);
        return tombstone;
    }

    /** The caller's live project, its row locked until the transaction ends; anything else → 404. */
    public Project lockLive(UUID ownerId, UUID id) {
        return projects.lock(id).filter(project -> project.isLiveOf(ownerId)).orElseThrow(ApiException::notFound);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
