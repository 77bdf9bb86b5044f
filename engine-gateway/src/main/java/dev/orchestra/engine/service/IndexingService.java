package dev.orchestra.engine.service;

import dev.orchestra.engine.domain.JobKind;
import dev.orchestra.engine.domain.OwnedProject;
import dev.orchestra.engine.repository.AccountRepository;
import dev.orchestra.engine.repository.FileRepository;
import dev.orchestra.engine.repository.JobRepository;
import dev.orchestra.engine.repository.ProjectRepository;
import dev.orchestra.engine.repository.UserLocks;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.messaging.UnprocessableEventException;
import dev.orchestra.platform.security.Revocations;
import dev.orchestra.proto.events.v1.File;
import dev.orchestra.proto.events.v1.Project;
import dev.orchestra.proto.events.v1.ProjectEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What project-service's and auth-service's events mean here. The effects
 * only write rows — the ownership projection, the files' versions and the jobs — so an engine
 * outage never holds up a consumer, and nothing is dead-lettered for it: the job table holds the
 * work until the engine takes it.
 */
@ApplicationScoped
public class IndexingService {

    private static final Logger LOG = Logger.getLogger(IndexingService.class);

    private final ProjectRepository projects;
    private final FileRepository files;
    private final JobRepository jobs;
    private final AccountRepository accounts;
    private final UserLocks locks;
    private final Revocations revocations;
    private final JobSignal signal;

    public IndexingService(ProjectRepository projects, FileRepository files, JobRepository jobs, AccountRepository accounts,
                           UserLocks locks, Revocations revocations, JobSignal signal) {
        this.projects = projects;
        this.files = files;
        this.jobs = jobs;
        this.accounts = accounts;
        this.locks = locks;
        this.revocations = revocations;
        this.signal = signal;
    }

    /** One event of project.events.v1, in the consumer's transaction (with its inbox entry). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(ProjectEnvelope event) {
        UUID userId = EventCodec.userId(event);
        // Under the user's lock, which the erasure takes too: an erasure committed meanwhile is seen
        // here, and nothing of an erased user is written back.
        locks.lock(userId);
        if (revocations.isDeleted(userId)) {
            return;
        }
        switch (event.getKindCase()) {
            case PROJECT_CREATED -> project(userId, event.getProjectCreated().getProject());
            case PROJECT_UPDATED -> project(userId, event.getProjectUpdated().getProject());
            case PROJECT_DELETED -> projectDeleted(userId, event.getProjectDeleted().getProject());
            case FILE_UPSERTED -> file(userId, event.getFileUpserted().getFile(), event.getFileUpserted().getFile().getDeleted());
            case FILE_DELETED -> file(userId, event.getFileDeleted().getFile(), true);
            default -> {
                // Sync outcomes (MutationNoop, MutationRejected) change nothing the engine holds.
            }
        }
    }

    private void project(UUID userId, Project project) {
        UUID projectId = uuid(project.getId(), "project id");
        if (project.getDeleted()) {
            projectDeleted(userId, project);
            return;
        }
        projects.seen(projectId, userId, project.getVersion());
    }

    /**
     * The project and its files go: its waiting file jobs are cancelled, its files' versions
     * forgotten (the tombstone drops any later event about them), and a DropProject is queued.
     */
    private void projectDeleted(UUID userId, Project project) {
        UUID projectId = uuid(project.getId(), "project id");
        Optional<OwnedProject> known = projects.find(projectId);
        if (known.isPresent() && !known.get().userId().equals(userId)) {
            LOG.warnf("ProjectDeleted of %s by user %s, whose project it is not: ignored", projectId, userId);
            return;
        }
        if (known.isPresent() && known.get().deleted()) {
            return;
        }
        projects.markDeleted(projectId, userId, project.getVersion());
        jobs.cancelFilesOfProject(projectId);
        files.deleteProject(projectId);
        jobs.queueDrop(projectId, userId);
        signal.afterCommit();
    }

    private void file(UUID userId, File file, boolean removed) {
        UUID projectId = uuid(file.getProjectId(), "project id");
        UUID fileId = uuid(file.getId(), "file id");
        Optional<OwnedProject> project = projects.find(projectId);
        if (project.isPresent() && !project.get().isLiveProjectOf(userId)) {
            // A file of a deleted project (a late or replayed event), or of someone else's project.
            return;
        }
        if (project.isEmpty()) {
            projects.seen(projectId, userId, 0);
        }
        if (!files.advance(projectId, fileId, userId, file.getVersion(), removed)) {
            // Older than a version already queued or done: never sent after the newer one.
            return;
        }
        if (removed) {
            jobs.queueFile(JobKind.REMOVE, projectId, fileId, userId, file.getVersion(), null, null, null);
        } else {
            byte[] content = file.getContent().toByteArray();
            jobs.queueFile(JobKind.INDEX, projectId, fileId, userId, file.getVersion(), file.getPath(), content,
                    EngineMessages.sha256Hex(content));
        }
        signal.afterCommit();
    }

    /**
     * UserDeleted: a DropProject for each of the user's projects (queued without the user), then
     * every row of the user erased, waiting content included, and platform's deleted-user marker
     * kept so that later events about them are dropped.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void userDeleted(UUID userId, Instant at) {
        locks.lock(userId);
        revocations.markDeleted(userId, at);
        for (UUID projectId : projects.liveProjectsOf(userId)) {
            jobs.cancelFilesOfProject(projectId);
            jobs.queueDrop(projectId, null);
        }
        jobs.eraseUser(userId);
        files.eraseUser(userId);
        projects.eraseUser(userId);
        accounts.erase(userId);
        signal.afterCommit();
    }

    private static UUID uuid(String text, String what) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new UnprocessableEventException("a " + what + " that is not a UUID: " + text, e);
        }
    }
}
