package dev.orchestra.project.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.paging.Keyset;
import dev.orchestra.platform.paging.Page;
import dev.orchestra.platform.paging.PageRequest;
import dev.orchestra.project.domain.Account;
import dev.orchestra.project.domain.FileContent;
import dev.orchestra.project.domain.Origin;
import dev.orchestra.project.domain.ProjectFile;
import dev.orchestra.project.messaging.ProjectEvents;
import dev.orchestra.project.repository.FileRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Files of projects, the one write path for REST and sync (see {@link ProjectService} for the
 * transaction rules). Every write locks the user's row (the content quota) and then the project's
 * row, which serialises the project's file count, path uniqueness and the order of its events.
 * A sync write names no project for an existing file: {@code projectId} null means "the file's own".
 */
@ApplicationScoped
public class FileService {

    /** A batch-get answer: the files with content, whether some were left for another call, the ids not found. */
    public record Batch(List<ProjectFile> files, boolean hasMore, List<UUID> missing) {
    }

    private final FileRepository files;
    private final ProjectService projectService;
    private final Accounts accounts;
    private final Plans plans;
    private final ProjectEvents events;
    private final ProjectLimits limits;
    private final Clock clock;

    public FileService(FileRepository files, ProjectService projectService, Accounts accounts, Plans plans,
                       ProjectEvents events, ProjectLimits limits, Clock clock) {
        this.files = files;
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
                .orElseThrow(ApiException::notFound);
    }

    /** The caller's live file, without content, if it is one (a rejection's current state). */
    public Optional<ProjectFile> current(UUID ownerId, UUID fileId) {
        return files.find(fileId).filter(file -> !file.deleted())
                .filter(file -> projectService.current(ownerId, file.projectId()).isPresent());
    }

    /**
     * Creates a file in the caller's project, with the client's id or a new one. The caller's live
     * file of that id in this project comes back as it is (not created; {@code identical} when path
     * and content match it); an id held otherwise → 409 showing nothing. The value is without content.
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public Created<ProjectFile> create(UUID ownerId, UUID projectId, UUID requestedId, JsonNode data, Origin origin) {
        FileInput.Draft draft = FileInput.draft(data, maxContent());
        Account account = accounts.lockActive(ownerId);
        projectService.lockLive(ownerId, projectId);
        if (requestedId != null) {
            Optional<ProjectFile> existing = files.find(requestedId);
            if (existing.isPresent()) {
                ProjectFile file = existing.get();
                if (file.projectId().equals(projectId) && !file.deleted()) {
                    return Created.existing(file, file.path().equals(draft.path())
                            && file.contentHash().equals(draft.content().hash()));
                }
                throw Refusals.idTaken();
            }
        }
        if (files.livePathTaken(projectId, draft.path(), null)) {
            throw Refusals.pathTaken();
        }
        Plans.Limits plan = plans.limitsOf(account.plan());
        if (files.countLive(projectId) >= plan.filesPerProject()) {
            throw ApiException.planLimit(plan.filesPerProject());
        }
        checkContentQuota(account, draft.content().size(), plan);
        Instant now = now();
        FileContent content = draft.content();
        ProjectFile file = new ProjectFile(requestedId != null ? requestedId : Ids.newId(clock), projectId, draft.path(),
                content.text(), content.size(), content.hash(), 1, now, now, false);
        if (!files.insert(file)) {
            throw Refusals.idTaken();
        }
        accounts.addContentBytes(ownerId, content.size());
        events.fileUpserted(ownerId, file, origin);
        return Created.created(file.withoutContent());
    }

    /**
     * A partial update of path and content (both optional), conditional on the expected version
     * when given. A change of nothing makes no version and no event. The value is without content.
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public Changed<ProjectFile> update(UUID ownerId, UUID projectId, UUID fileId, JsonNode data, Long expectedVersion,
                                       Origin origin) {
        FileInput.Change change = FileInput.change(data, maxContent());
        Account account = accounts.lockActive(ownerId);
        UUID ownProject = lockProjectOf(ownerId, projectId, fileId);
        ProjectFile current = files.findWithContent(fileId).filter(file -> file.projectId().equals(ownProject) && !file.deleted())
                .orElseThrow(ApiException::notFound);
        Refusals.checkVersion(current.version(), expectedVersion);
        String path = change.path() != null ? change.path() : current.path();
        FileContent content = change.content() != null ? change.content()
                : new FileContent(current.content(), current.size(), current.contentHash());
        boolean pathChanges = !path.equals(current.path());
        if (!pathChanges && content.hash().equals(current.contentHash())) {
            return new Changed<>(current.withoutContent(), false);
        }
        if (pathChanges && files.livePathTaken(ownProject, path, fileId)) {
            throw Refusals.pathTaken();
        }
        long growth = content.size() - current.size();
        if (growth > 0) {
            checkContentQuota(account, growth, plans.limitsOf(account.plan()));
        }
        ProjectFile next = current.changed(path, content, now());
        files.update(next);
        accounts.addContentBytes(ownerId, growth);
        events.fileUpserted(ownerId, next, origin);
        return new Changed<>(next.withoutContent(), true);
    }

    /** Deletes a file: a tombstone without content (version + 1), and a FileDeleted. */
    @Transactional(dontRollbackOn = ApiException.class)
    public ProjectFile delete(UUID ownerId, UUID projectId, UUID fileId, Long expectedVersion, Origin origin) {
        accounts.lockActive(ownerId);
        UUID ownProject = lockProjectOf(ownerId, projectId, fileId);
        ProjectFile current = files.find(fileId).filter(file -> file.projectId().equals(ownProject) && !file.deleted())
                .orElseThrow(ApiException::notFound);
        Refusals.checkVersion(current.version(), expectedVersion);
        ProjectFile tombstone = current.tombstone(now());
        files.update(tombstone);
        accounts.addContentBytes(ownerId, -current.size());
        events.fileDeleted(ownerId, tombstone, origin);
        return tombstone;
    }

    /**
     * The current content of up to {@code batch-get.max-ids} live files of the caller's project, in
     * the order asked, until {@code batch-get.max-content} bytes: the files that do not fit are left
     * for another call ({@code hasMore}); ids that are no live file of this project are {@code missing}.
     */
    public Batch batchGet(UUID ownerId, UUID projectId, JsonNode body) {
        List<UUID> ids = FileInput.batchIds(body, limits.batchGet().maxIds());
        projectService.get(ownerId, projectId);
        Map<UUID, Long> sizes = ids.isEmpty() ? Map.of() : files.liveSizes(projectId, ids);
        long budget = limits.batchGet().maxContent().asLongValue();
        List<UUID> chosen = new ArrayList<>();
        List<UUID> missing = new ArrayList<>();
        long total = 0;
        boolean hasMore = false;
        for (UUID id : ids) {
            Long size = sizes.get(id);
            if (size == null) {
                missing.add(id);
            } else if (!hasMore && total + size <= budget) {
                chosen.add(id);
                total += size;
            } else {
                hasMore = true;
            }
        }
        Map<UUID, ProjectFile> loaded = new HashMap<>();
        if (!chosen.isEmpty()) {
            files.liveWithContent(projectId, chosen).forEach(file -> loaded.put(file.id(), file));
        }
        List<ProjectFile> found = new ArrayList<>();
        for (UUID id : chosen) {
            ProjectFile file = loaded.get(id);
            if (file != null) {
                found.add(file);
            } else {
                // Deleted between the two reads.
                missing.add(id);
            }
        }
        return new Batch(found, hasMore, missing);
    }

    /** Locks the caller's live project that holds (or, when given, must hold) the file; 404 otherwise. */
    private UUID lockProjectOf(UUID ownerId, UUID projectId, UUID fileId) {
        UUID ownProject = projectId != null ? projectId : files.projectOf(fileId).orElseThrow(ApiException::notFound);
        projectService.lockLive(ownerId, ownProject);
        return ownProject;
    }

    private void checkContentQuota(Account account, long addedBytes, Plans.Limits plan) {
        if (account.contentBytes() + addedBytes > plan.contentBytes()) {
            throw ApiException.planLimit(plan.contentBytes());
        }
    }

    private long maxContent() {
        return limits.files().maxContent().asLongValue();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
