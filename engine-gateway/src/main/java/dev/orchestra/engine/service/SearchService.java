package dev.orchestra.engine.service;

import dev.orchestra.engine.client.EngineClient;
import dev.orchestra.engine.client.EngineException;
import dev.orchestra.engine.domain.OwnedProject;
import dev.orchestra.engine.domain.SearchHit;
import dev.orchestra.engine.repository.AccountRepository;
import dev.orchestra.engine.repository.JobRepository;
import dev.orchestra.engine.repository.ProjectRepository;
import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.error.ErrorCode;
import dev.orchestra.platform.id.Ids;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Search in a project (its owner only) and the engine's status as a user sees it. */
@ApplicationScoped
public class SearchService {

    public static final int MAX_QUERY = 256;
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    private final ProjectRepository projects;
    private final JobRepository jobs;
    private final AccountRepository accounts;
    private final EngineClient engine;
    private final Duration retryAfter;

    public SearchService(ProjectRepository projects, JobRepository jobs, AccountRepository accounts, EngineClient engine,
                         @ConfigProperty(name = "orchestra.engine.breaker.delay") Duration breakerDelay) {
        this.projects = projects;
        this.jobs = jobs;
        this.accounts = accounts;
        this.engine = engine;
        // A client coming back after the breaker's delay finds the engine tried again.
        this.retryAfter = breakerDelay.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : breakerDelay;
    }

    public record Result(List<SearchHit> hits, long pendingFiles) {
    }

    public record Status(boolean engineReachable, long pendingFiles, Instant lastIndexedAt) {
    }

    /**
     * Hits for {@code q} in the user's project. 404 for an id that is no project of the user's (a
     * malformed id, an unknown one, someone else's, a deleted one); 422 for {@code q} or {@code limit}
     * outside their rules, or a query the engine refuses; 503 when the engine is down or the breaker open.
     */
    public Result search(UUID userId, String projectIdText, String q, String limitText) {
        UUID projectId = Ids.parseOrNull(projectIdText);
        if (projectId == null) {
            throw ApiException.notFound();
        }
        int limit = validate(q, limitText);
        Optional<OwnedProject> project = projects.find(projectId);
        if (project.isEmpty() || !project.get().isLiveProjectOf(userId)) {
            throw ApiException.notFound();
        }
        List<SearchHit> hits;
        try {
            hits = EngineMessages.hits(engine.search(EngineMessages.search(projectId, q, limit, userId)));
        } catch (EngineException e) {
            if (e.isRefusal()) {
                throw ApiException.invalid("q", "Not a query the engine can run: use words and \"quoted phrases\" "
                        + "with letters or digits (" + e.description() + ")");
            }
            throw unavailable();
        }
        return new Result(hits, jobs.pendingFilesOfProject(projectId));
    }

    /** Whether the engine answers now (not asked while the breaker is open), and the user's own indexing state. */
    public Status status(UUID userId) {
        boolean reachable = engine.breakerState() != CircuitBreakerState.OPEN && engine.health(false).serving();
        return new Status(reachable, jobs.pendingFilesOfUser(userId), accounts.lastIndexedAt(userId).orElse(null));
    }

    /** Both parameters checked at once: the limit, or 422 naming each field that is wrong. */
    private static int validate(String q, String limitText) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (q == null || q.isEmpty()) {
            problems.put("q", "A query is required");
        } else if (q.codePointCount(0, q.length()) > MAX_QUERY) {
            problems.put("q", "A query is at most " + MAX_QUERY + " characters");
        }
        int limit = DEFAULT_LIMIT;
        // Empty is absent, as platform's PageRequest reads it.
        if (limitText != null && !limitText.isEmpty()) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                problems.put("limit", "Must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        if (problems.size() == 1) {
            Map.Entry<String, String> problem = problems.entrySet().iterator().next();
            throw ApiException.invalid(problem.getKey(), problem.getValue());
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
        return limit;
    }

    private ApiException unavailable() {
        return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "The search engine is unavailable, retry shortly",
                Map.of("dependency", "engine"), retryAfter);
    }
}
