package dev.orchestra.project.service;

import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.paging.Keyset;
import dev.orchestra.platform.paging.Page;
import dev.orchestra.platform.paging.PageRequest;
import dev.orchestra.project.domain.Account;
import dev.orchestra.project.domain.FileContent;
import dev.orchestra.project.domain.Origin;
import dev.orchestra.project.domain.ProjectFile;
import dev.orchestra.project.domain.Refusal;
import dev.orchestra.project.repository.EntityIds;
import dev.orchestra.project.repository.FileRepository;
import dev.orchestra.project.repository.ProjectRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Files of projects, the one write path for REST and sync (see {@link ProjectService} for the
 * transaction rules). Every write locks the user's row (the content quota) and then the project's
 * row, which serialises the project's file count, path uniqueness and the order of its events.
 * A sync write names no project for an existing file: {@code projectId} null means "the file's own".
 */
@ApplicationScoped
public class FileService {

    /**
     * What one file of a batch-get answer costs beyond its content and path (both JSON-escaped):
     * its other fields and their names — two UUIDs, size, hash, version, two timestamps — at most
     * about 340 bytes, rounded up.
     */
    static final long BATCH_FILE_OVERHEAD = 512;
    /** The answer's own frame ({@code {"data":{"files":[],"has_more":false,"missing":[]}}}) beyond the files. */
    static final long BATCH_FRAME = 256;
    /** One id in {@code missing}: 36 characters, quotes and a comma. */
    static final long BATCH_MISSING_ID = 40;

    /** A batch-get answer: the files with content, whether some were left for another call, the ids not found. */
    public record Batch(List<ProjectFile> files, boolean hasMore, List<UUID> missing) {
    }

    private final FileRepository files;
    private final ProjectRepository projects;
    private final EntityIds ids;
    private final ProjectService projectService;
    private final Accounts accounts;
    private final Plans plans;
    private final ProjectEvents events;
    private final ProjectLimits limits;
    private final Clock clock;

    public FileService(FileRepository files, ProjectRepository projects, EntityIds ids, ProjectService projectService,
                       Accounts accounts, Plans plans, ProjectEvents events, ProjectLimits limits, Clock clock) {
        this.files = files;
        this.projects = projects;
        this.ids = ids;
        this.projectService = projectService;
        this.accounts = accounts;
        this.plans = plans;
        this.events = events;
        this.limits = limits;
        this.clock = clock;
    }

    /** The live files of the caller's project, newest first, without content. */
    public Page<ProjectFile> list(UUID ownerId, UUID projectId, String limit, String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, "files:" + ownerId + ":" + projectId);
        projectService.get(ownerId, projectId);
        List<ProjectFile> rows = files.pageLive(projectId, page.after(), page.fetchSize());
        return page.page(rows, file -> new Keyset(file.createdAt(), file.id()), file -> file);
    }

    /** A live file of the caller's live project, with content; anything else → 404. */
    public ProjectFile get(UUID ownerId, UUID projectId, UUID fileId) {
        projectService.get(ownerId, projectId);
        return files.findWithContent(fileId).filter(file -> file.projectId().equals(projectId) && !file.deleted())
                .orElseThrow(Refusal::notFound);
    }

    /**
     * The caller's live file, without content, if it is one — read with the file's row locked: the
     * current state a sync rejection carries. Every write of a file changes its row before it
     * publishes the file's event, so a rejection published by this transaction can come neither
     * before the event of the state it shows nor after the event of a newer one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<ProjectFile> lockedCurrent(UUID ownerId, UUID fileId) {
        return files.lock(fileId).filter(file -> !file.deleted())
                .filter(file -> projects.find(file.projectId()).filter(project -> project.isLiveOf(ownerId)).isPresent());
    }

    /**
     * Creates a file in the caller's project, with the client's id or a new one. The caller's live
     * file of that id in this project comes back as it is (not created; {@code identical} when path
     * and content match it); an id held otherwise — a file elsewhere, a tombstone (also one left by
     * a deleted project), any project — → 409 showing nothing. The value is without content.
     *
     * <p>Locks: the user's row (quotas; it orders the user's creates), the id's, the project's row
     * (someone else's project → 404 before the data is read), then the existing file's row (its
     * state is that of its last event).
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public Created<ProjectFile> create(UUID ownerId, UUID projectId, UUID requestedId, Body<FileInput.Fields> data,
                                      Origin origin) {
        Account account = accounts.lockActive(ownerId);
        if (requestedId != null) {
            ids.lock(requestedId);
        }
        projectService.lockLive(ownerId, projectId);
        if (requestedId != null) {
            Optional<ProjectFile> existing = files.lock(requestedId);
            if (existing.isPresent()) {
                ProjectFile file = existing.get();
                if (file.projectId().equals(projectId) && !file.deleted()) {
                    FileInput.Draft draft = FileInput.draft(data.read(), maxContent());
                    return Created.existing(file, file.path().equals(draft.path())
                            && file.contentHash().equals(draft.content().hash()));
                }
                throw Refusal.idTaken();
            }
            if (projects.exists(requestedId)) {
                throw Refusal.idTaken();
            }
        }
        FileInput.Draft draft = FileInput.draft(data.read(), maxContent());
        checkNoCollision(projectId, draft.path(), null);
        Plans.Limits plan = plans.limitsOf(account.plan());
        if (files.countLive(projectId) >= plan.filesPerProject()) {
            throw Refusal.planLimit(plan.filesPerProject());
        }
        checkContentQuota(account, draft.content().size(), plan);
        Instant now = now();
        FileContent content = draft.content();
        ProjectFile file = new ProjectFile(requestedId != null ? requestedId : Ids.newId(clock), projectId, draft.path(),
                content.text(), content.size(), content.hash(), 1, now, now, false);
        if (!files.insert(file)) {
            // A unique key refused the row without failing the statement. Its id is locked and was
            // checked above, so it is the path (a live file of the project has it: the check above
            // and the unique index agree, and the project's lock keeps them so) — or, for an id the
            // server made, an id taken, which UUIDv7 makes as good as impossible.
            throw files.exists(file.id()) ? Refusal.idTaken() : Refusal.pathTaken();
        }
        accounts.addContentBytes(ownerId, content.size());
        events.fileUpserted(ownerId, file, origin);
        return Created.created(file.withoutContent());
    }

    /**
     * A partial update of path and content (both optional), conditional on the expected version
     * when given. The file is locked (through its project) and found to be the caller's before the
     * data is read. A change of nothing makes no version and no event. The value is without content.
     *
     * <p>Content that grows counts against the plan's content limit like a creation (going over is a
     * 403 plan_limit, or the limit would bound only what creations add); content that shrinks, and
     * renames, always pass — so after a downgrade nothing is deleted, and a user over the new limit
     * can still tidy up.
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public Changed<ProjectFile> update(UUID ownerId, UUID projectId, UUID fileId, Body<FileInput.Edit> data, Long expectedVersion,
                                       Origin origin) {
        Account account = accounts.lockActive(ownerId);
        UUID ownProject = lockProjectOf(ownerId, projectId, fileId);
        ProjectFile current = files.findWithContent(fileId).filter(file -> file.projectId().equals(ownProject) && !file.deleted())
                .orElseThrow(Refusal::notFound);
        FileInput.Change change = FileInput.change(data.read(), maxContent(), current.path());
        Refusal.checkVersion(current.version(), expectedVersion);
        String path = change.path() != null ? change.path() : current.path();
        FileContent content = change.content() != null ? change.content()
                : new FileContent(current.content(), current.size(), current.contentHash());
        boolean pathChanges = !path.equals(current.path());
        if (!pathChanges && content.hash().equals(current.contentHash())) {
            return new Changed<>(current.withoutContent(), false);
        }
        if (pathChanges) {
            checkNoCollision(ownProject, path, fileId);
        }
        long growth = content.size() - current.size();
        if (growth > 0) {
            checkContentQuota(account, growth, plans.limitsOf(account.plan()));
        }
        ProjectFile next = current.changed(path, content, now());
        files.update(next);
        accounts.addContentBytes(ownerId, content.size() - current.size());
        events.fileUpserted(ownerId, next, origin);
        return new Changed<>(next.withoutContent(), true);
    }

    /** Deletes a file: a tombstone without content (version + 1), and a FileDeleted. */
    @Transactional(dontRollbackOn = ApiException.class)
    public ProjectFile delete(UUID ownerId, UUID projectId, UUID fileId, Long expectedVersion, Origin origin) {
        accounts.lockActive(ownerId);
        UUID ownProject = lockProjectOf(ownerId, projectId, fileId);
        ProjectFile current = files.find(fileId).filter(file -> file.projectId().equals(ownProject) && !file.deleted())
                .orElseThrow(Refusal::notFound);
        Refusal.checkVersion(current.version(), expectedVersion);
        ProjectFile tombstone = current.tombstone(now());
        files.update(tombstone);
        accounts.addContentBytes(ownerId, -current.size());
        events.fileDeleted(ownerId, tombstone, origin);
        return tombstone;
    }

    /**
     * The current content of up to {@code batch-get.max-ids} live files of the caller's project, in
     * the order asked, in an answer of at most {@code batch-get.max-answer} bytes of JSON: each file
     * costs its content and path as JSON-escaped text (a 1 MiB file of quotes is 2 MiB in the
     * answer) plus its other fields; the first file that does not fit and all after it are left for
     * another call ({@code hasMore}); ids that are no live file of this project are {@code missing}.
     * Sizes and content come from one statement, so they cannot disagree. The ids come as given
     * (their shape checked at the edge); their count is checked against the configured maximum
     * once the project is found to be the caller's.
     */
    public Batch batchGet(UUID ownerId, UUID projectId, List<UUID> ids) {
        projectService.get(ownerId, projectId);
        List<UUID> asked = FileInput.distinctIds(ids, limits.batchGet().maxIds());
        if (asked.isEmpty()) {
            return new Batch(List.of(), false, List.of());
        }
        long budget = limits.batchGet().maxAnswer().asLongValue() - BATCH_FRAME - BATCH_MISSING_ID * asked.size();
        List<FileRepository.BatchRow> rows = files.batch(projectId, asked, BATCH_FILE_OVERHEAD, budget);
        Set<UUID> live = new HashSet<>();
        List<ProjectFile> found = new ArrayList<>();
        boolean hasMore = false;
        for (FileRepository.BatchRow row : rows) {
            live.add(row.file().id());
            if (row.fits()) {
                found.add(row.file());
            } else {
                hasMore = true;
            }
        }
        List<UUID> missing = asked.stream().filter(id -> !live.contains(id)).toList();
        return new Batch(found, hasMore, missing);
    }

    /** Locks the caller's live project that holds (or, when given, must hold) the file; 404 otherwise. */
    private UUID lockProjectOf(UUID ownerId, UUID projectId, UUID fileId) {
        UUID ownProject = projectId != null ? projectId : files.projectOf(fileId).orElseThrow(Refusal::notFound);
        projectService.lockLive(ownerId, ownProject);
        return ownProject;
    }

    /**
     * 409 when another live file of the project would collide with this path on a case-insensitive
     * disk, or one of the two would have to be a folder and a file at once. Under the project's row
     * lock, which every file write of the project takes first, so two writes cannot both pass.
     */
    private void checkNoCollision(UUID projectId, String path, UUID exceptId) {
        files.collidingPath(projectId, path, exceptId).ifPresent(other -> {
            throw Refusal.pathCollides(path, other);
        });
    }

    private void checkContentQuota(Account account, long addedBytes, Plans.Limits plan) {
        if (account.contentBytes() + addedBytes > plan.contentBytes()) {
            throw Refusal.planLimit(plan.contentBytes());
        }
    }

    private long maxContent() {
        return limits.files().maxContent().asLongValue();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
