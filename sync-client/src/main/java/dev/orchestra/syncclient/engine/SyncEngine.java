package dev.orchestra.syncclient.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.syncclient.folder.FolderWatcher;
import dev.orchestra.syncclient.folder.LocalFolder;
import dev.orchestra.syncclient.folder.PathRule;
import dev.orchestra.syncclient.folder.Scanner;
import dev.orchestra.syncclient.protocol.ApiException;
import dev.orchestra.syncclient.protocol.BatchGet;
import dev.orchestra.syncclient.protocol.Change;
import dev.orchestra.syncclient.protocol.Json;
import dev.orchestra.syncclient.protocol.LiveSocket;
import dev.orchestra.syncclient.protocol.Mutation;
import dev.orchestra.syncclient.protocol.NotLoggedIn;
import dev.orchestra.syncclient.protocol.PullPage;
import dev.orchestra.syncclient.protocol.Rejection;
import dev.orchestra.syncclient.protocol.RemoteFile;
import dev.orchestra.syncclient.protocol.ServerUnavailable;
import dev.orchestra.syncclient.state.FileEntry;
import dev.orchestra.syncclient.state.FolderState;
import dev.orchestra.syncclient.state.PendingMutation;
import dev.orchestra.syncclient.state.Problem;
import dev.orchestra.syncclient.state.RemoteState;
import dev.orchestra.syncclient.state.StateStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Keeps one folder and one project in step. Everything that touches the folder's state runs on one
 * thread, in this order of concerns:
 * <ol>
 *   <li>pull: changes after the cursor (a snapshot the first time), this device's rejections, its last
 *       answered mutation — {@link #pullAll};</li>
 *   <li>the socket: {@code changes} frames applied when they follow the last seq, a pull on a gap;
 *       {@code rejected} frames; other types ignored — {@link #handleFrame};</li>
 *   <li>the scan: local edits queued as mutations, durably, before any push — {@link #scanAndQueue};</li>
 *   <li>push: the queue in id order, in batches — {@link #push}; answers come back as changes with this
 *       device as origin, as rejections ({@link Rejections}), or through {@code last_mutation_id};</li>
 *   <li>remote states written to disk, or kept waiting behind local edits — {@link RemoteApplier}.</li>
 * </ol>
 * While the server cannot be reached the scan goes on and the queue grows; attempts back off up to
 * {@link SyncOptions#maxBackoff}. The token is renewed ahead of its expiry and the socket reopened with
 * it before the old one closes; a 4401 close is answered with a fresh token and a reconnect.
 */
public final class SyncEngine implements AutoCloseable {

    private final SyncContext context;
    private final Connection connection;
    private final SyncOptions options;
    private final Scanner scanner;
    private final RemoteApplier applier;
    private final Rejections rejections;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private ScheduledExecutorService loop;
    private LiveSocket socket;
    private FolderWatcher watcher;
    private ScheduledFuture<?> renewal;
    private volatile boolean stopped;
    private volatile long lastFrameAt;
    private volatile CompletableFuture<Void> firstSync = new CompletableFuture<>();
    private String socketToken;
    private boolean tokenEnded;
    private boolean needsPull;
    private boolean projectGone;
    private int failures;
    private long offlineUntil;
    private long socketDueAt;
    private int socketFailures;
    private final java.util.concurrent.atomic.AtomicBoolean scanRequested = new java.util.concurrent.atomic.AtomicBoolean();

    private SyncEngine(SyncContext context, Connection connection, SyncOptions options, FileChannel lockChannel, FileLock lock) {
        this.context = context;
        this.connection = connection;
        this.options = options;
        this.scanner = new Scanner(context.folder, context.clock);
        this.applier = new RemoteApplier(context);
        this.rejections = new Rejections(context, applier);
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens the folder: its state (made on first use, with a new device id), locked against a second
     * process, a crash's leftovers recovered. The folder stays bound to its project: another project →
     * {@link IllegalStateException}.
     */
    public static SyncEngine open(Path dir, Connection connection, UUID projectId, String deviceName, SyncOptions options, Clock clock,
                                  Consumer<String> console) throws IOException {
        StateStore store = new StateStore(dir);
        Files.createDirectories(store.dir());
        FileChannel channel = FileChannel.open(store.dir().resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("another orchestra-sync is syncing " + store.folder());
        }
        try {
            // The folder is ours: what a crashed run left in tmp/ is nobody's now.
            store.clearTmp();
            SyncLog log = new SyncLog(store.logFile(), clock, console);
            FolderState state;
            if (store.exists()) {
                state = store.load();
                if (projectId != null && !projectId.equals(state.projectId)) {
                    throw new IllegalStateException(store.folder() + " is synced with project " + state.projectId + ", not " + projectId);
                }
                if (connection.userId() != null && state.userId != null && !connection.userId().equals(state.userId)) {
                    throw new IllegalStateException(store.folder() + " is synced for another account");
                }
            } else {
                if (projectId == null) {
                    throw new IllegalStateException(store.folder() + " is not synced yet: name its project");
                }
                state = new FolderState();
                state.projectId = projectId;
                state.deviceId = UUID.randomUUID();
                state.deviceName = deviceName;
                state.server = connection.server() == null ? null : connection.server().toString();
                state.userId = connection.userId();
                log.info("new synced folder: device " + state.deviceId + " (" + deviceName + "), project " + projectId);
            }
            LocalFolder folder = new LocalFolder(store.folder(), store.tmpDir());
            SyncContext context = new SyncContext(state, store, folder, connection.api(), log, clock, new SyncStats());
            if (Recovery.recover(state, folder)) {
                log.warn("finished or rolled back the disk operations an interrupted run left");
            }
            forgetServerRefusals(state);
            context.save();
            return new SyncEngine(context, connection, options, channel, lock);
        } catch (IOException | RuntimeException e) {
            lock.release();
            channel.close();
            throw e;
        }
    }

    /** Server refusals are tried again at each start (a plan may have been upgraded, a rule relaxed). */
    private static void forgetServerRefusals(FolderState state) {
        for (Iterator<Problem> it = state.problems.iterator(); it.hasNext(); ) {
            Problem problem = it.next();
            if (problem.fromServer()) {
                it.remove();
                FileEntry entry = problem.fileId == null ? null : state.files.get(problem.fileId);
                if (entry != null) {
                    entry.localHash = null; // the scan sees the file as edited and pushes it again
                }
            }
        }
    }

    public SyncStats stats() {
        return context.stats;
    }

    public UUID deviceId() {
        return context.state.deviceId;
    }

    public Path folder() {
        return context.store.folder();
    }

    /** The status as of now (taken on the engine's thread when it runs). */
    public Status status() {
        if (loop == null || loop.isShutdown()) {
            return Status.of(context.state);
        }
        try {
            return loop.submit(() -> Status.of(context.state)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("status: " + e.getMessage(), e);
        }
    }

    /** Completes once the first pull after {@link #start} has brought the folder up to date. */
    public CompletableFuture<Void> firstSync() {
        return firstSync;
    }

    // ---------------------------------------------------------------- once

    /**
     * Brings the folder and the project up to date and returns: a pull, then local edits pushed and
     * their answers taken, until nothing is left pending. False when {@code timeout} passed first.
     */
    public boolean syncOnce(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // Local edits are queued (durably) before anything needs the server: offline, they wait in the queue.
        scanAndQueue();
        pullAll();
        while (System.nanoTime() < deadline && !projectGone) {
            scanAndQueue();
            push();
            if (context.state.pending.isEmpty()) {
                context.ensureSaved();
                applier.retryWaiting();
                if (context.state.pending.isEmpty()) {
                    collectBlobs();
                    return true;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250)); // the answers take a few Kafka hops
            pullAll();
        }
        return projectGone;
    }

    // ---------------------------------------------------------------- live

    /** Starts syncing in the background until {@link #close}: a pull, the socket, the watcher, the periodic scan. */
    public synchronized void start() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "orchestra-sync " + context.store.folder().getFileName());
            thread.setDaemon(true);
            return thread;
        });
        // On close, what is scheduled for later (the next renewal, a delayed scan) is dropped, not awaited.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        loop = executor;
        if (connection.tokens() != null && connection.http() != null) {
            socket = new LiveSocket(connection.http(), connection.server(), context.state.deviceId, new SocketEvents());
        }
        loop.execute(() -> {
            guarded(() -> {
                pullAll();
                firstSync.complete(null);
            });
            guarded(this::connectSocket);
            if (options.watch()) {
                try {
                    watcher = new FolderWatcher(context.store.folder(), this::scanSoon);
                } catch (IOException e) {
                    context.log.warn("no file watcher (" + e.getMessage() + "): scanning every " + options.scanEvery().toMillis() + " ms only");
                }
            }
            loop.scheduleWithFixedDelay(() -> guarded(this::tick), 0, options.scanEvery().toMillis(), TimeUnit.MILLISECONDS);
            scheduleRenewal(Duration.ZERO);
        });
    }

    /** The watcher saw something: scan soon (changes usually come in bursts: wait a moment for the rest). */
    private void scanSoon() {
        ScheduledExecutorService running = loop;
        if (running == null || stopped || !scanRequested.compareAndSet(false, true)) {
            return;
        }
        try {
            running.schedule(() -> {
                scanRequested.set(false);
                guarded(this::tick);
            }, 150, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void tick() throws IOException {
        if (stopped || projectGone) {
            return;
        }
        scanAndQueue();
        if (System.currentTimeMillis() < offlineUntil) {
            return;
        }
        if (needsPull || context.state.cursor == null) {
            pullAll();
            if (!firstSync.isDone()) {
                firstSync.complete(null);
            }
        }
        context.ensureSaved();
        applier.retryWaiting();
        push();
        long now = System.currentTimeMillis();
        boolean unanswered = context.queue.unanswered().stream()
                .anyMatch(mutation -> mutation.submittedAt > 0 && now - mutation.submittedAt > options.answerWait().toMillis());
        if (unanswered) {
            // A mutation that changed nothing has no change and no rejection: only a pull's last_mutation_id answers it.
            pullAll();
        }
        if (context.state.pending.isEmpty()) {
            collectBlobs();
        }
        watchSocket(now);
    }

    private void watchSocket(long now) throws IOException {
        if (socket == null) {
            return;
        }
        if (!socket.isOpen()) {
            if (now >= socketDueAt) {
                connectSocket();
            }
        } else if (now - lastFrameAt > options.socketIdle().toMillis()) {
            context.log.warn("socket silent for " + options.socketIdle().toSeconds() + " s: reconnecting");
            socket.abort();
        }
    }

    /** Runs engine work; a failure to reach the server makes the engine wait (backing off) and try again. */
    private void guarded(IoWork work) {
        if (stopped) {
            return;
        }
        try {
            work.run();
            if (failures > 0) {
                context.log.info("the server answers again");
            }
            failures = 0;
            offlineUntil = 0;
        } catch (SyncContext.StateNotSaved e) {
            // Not the server: the disk. The engine pushes and applies nothing until a save succeeds (ensureSaved).
            failures++;
            offlineUntil = System.currentTimeMillis() + Math.min(options.maxBackoff().toMillis(), 500L << Math.min(failures, 10));
            needsPull = true;
            if (failures == 1 || failures % 10 == 0) {
                context.log.warn(e.getMessage() + ": nothing is pushed or applied until it can be; trying again");
            }
        } catch (IOException e) {
            failures++;
            long wait = Math.min(options.maxBackoff().toMillis(), 500L << Math.min(failures, 10));
            if (e instanceof ServerUnavailable unavailable && unavailable.retryAfter() != null) {
                wait = Math.max(wait, unavailable.retryAfter().toMillis());
            }
            offlineUntil = System.currentTimeMillis() + wait;
            needsPull = true;
            if (failures == 1 || failures % 10 == 0) {
                context.log.warn("server unreachable (" + e.getMessage() + "): " + context.state.pending.size()
                        + " mutation(s) queued; trying again in " + wait + " ms");
            }
        } catch (NotLoggedIn e) {
            context.log.warn(e.getMessage() + ": stopping");
            firstSync.completeExceptionally(e);
            stopAsync();
        } catch (ApiException e) {
            // A refusal nothing here expects: logged, tried again later (a bug of client or server).
            failures++;
            offlineUntil = System.currentTimeMillis() + Math.min(options.maxBackoff().toMillis(), 1000L << Math.min(failures, 10));
            needsPull = true;
            context.log.warn("the server refused: " + e.getMessage());
        } catch (RuntimeException e) {
            context.log.warn("unexpected failure: " + e);
            offlineUntil = System.currentTimeMillis() + options.maxBackoff().toMillis();
        }
    }

    private interface IoWork {
        void run() throws IOException;
    }

    // ---------------------------------------------------------------- socket and tokens

    private final class SocketEvents implements LiveSocket.Listener {
        @Override
        public void onOpen() {
            lastFrameAt = System.currentTimeMillis();
        }

        @Override
        public void onFrame(JsonNode frame) {
            lastFrameAt = System.currentTimeMillis();
            submit(() -> handleFrame(frame));
        }

        @Override
        public void onClosed(int code, String reason) {
            submit(() -> handleSocketClosed(code, reason));
        }

        private void submit(IoWork work) {
            try {
                loop.execute(() -> guarded(work));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing
            }
        }
    }

    private void connectSocket() throws IOException {
        if (socket == null || stopped) {
            return;
        }
        socketDueAt = Long.MAX_VALUE;
        String token;
        try {
            token = tokenEnded ? connection.tokens().afterUnauthorized(socketToken) : connection.tokens().current();
            try {
                socket.connect(token);
            } catch (ApiException e) {
                if (e.status() != 401) {
                    throw e;
                }
                token = connection.tokens().afterUnauthorized(token);
                socket.connect(token);
            }
        } catch (ApiException e) {
            if (e.status() == 404 || e.status() == 422) {
                context.log.warn("the socket was refused for this folder's device (" + e.getMessage() + "): stopping");
                stopAsync();
                return;
            }
            socketRetryLater();
            throw e;
        } catch (IOException e) {
            socketRetryLater();
            throw e;
        }
        tokenEnded = false;
        socketToken = token;
        socketFailures = 0;
        context.stats.socketsOpened.incrementAndGet();
        // Frames sent while no socket was open are gone: the log has them.
        pullAll();
    }

    private void socketRetryLater() {
        socketFailures++;
        socketDueAt = System.currentTimeMillis() + Math.min(options.maxBackoff().toMillis(), 500L << Math.min(socketFailures, 10));
    }

    private void handleSocketClosed(int code, String reason) throws IOException {
        if (stopped) {
            return;
        }
        if (code == LiveSocket.TOKEN_ENDED) {
            // The token ended (or the session was revoked: then the refresh fails and the engine stops).
            context.stats.tokenEndedCloses.incrementAndGet();
            context.log.info("socket closed with 4401 (" + reason + "): reconnecting with a fresh token");
            tokenEnded = true;
            connectSocket();
            return;
        }
        context.log.info("socket closed (" + code + " " + reason + "): reconnecting");
        socketRetryLater();
        socketDueAt = Math.min(socketDueAt, System.currentTimeMillis() + 500);
    }

    /** Renews the token ahead of its expiry and reopens the socket with it, the old one closed only after. */
    private void scheduleRenewal(Duration atLeast) {
        if (socket == null || stopped || !connection.tokens().renewsAhead()) {
            return;
        }
        long delay = Math.max(atLeast.toMillis(), Duration.between(context.clock.instant(), connection.tokens().renewAt()).toMillis());
        renewal = loop.schedule(() -> {
            guarded(() -> {
                String token = connection.tokens().current();
                if (!token.equals(socketToken) && socket.isOpen()) {
                    socket.connect(token);
                    socketToken = token;
                    context.stats.tokenRenewals.incrementAndGet();
                    context.stats.socketsOpened.incrementAndGet();
                    context.log.info("token renewed; socket reopened with it");
                }
            });
            scheduleRenewal(Duration.ofSeconds(1));
        }, delay, TimeUnit.MILLISECONDS);
    }

    // ---------------------------------------------------------------- frames and pulls

    /** A frame handled at once, on the caller's thread: for an engine not started (tests drive frames this way). */
    void receive(JsonNode frame) throws IOException {
        if (loop != null) {
            throw new IllegalStateException("started: frames come from the socket");
        }
        handleFrame(frame);
    }

    private void handleFrame(JsonNode frame) throws IOException {
        context.ensureSaved();
        String type = Json.text(frame, "type");
        if ("rejected".equals(type)) {
            List<Rejection> list = new ArrayList<>();
            frame.path("rejected").forEach(node -> list.add(Rejection.of(node)));
            rejections.handle(list);
            return;
        }
        if (!"changes".equals(type)) {
            return; // account, and whatever types come later
        }
        FolderState state = context.state;
        if (state.cursor == null || state.inSnapshot) {
            needsPull = true;
            return;
        }
        long from = frame.path("from_seq").asLong();
        long to = frame.path("to_seq").asLong();
        switch (ChangeFeed.decide(state.lastSeq, from, to)) {
            case ALREADY_SEEN -> {
            }
            case GAP -> {
                context.stats.gapsDetected.incrementAndGet();
                pullAll();
            }
            case APPLY -> {
                List<Change> changes = new ArrayList<>();
                frame.path("changes").forEach(node -> changes.add(Change.of(node)));
                applyChanges(changes, false);
                state.cursor = Json.text(frame, "cursor");
                state.lastSeq = to;
                context.save();
                context.stats.framesApplied.incrementAndGet();
            }
        }
    }

    /**
     * Pulls until nothing more waits: each page's rejections, then its changes, then the cursor, saved
     * together. Without a cursor this is a snapshot; files tracked here that no page of it mentions were
     * deleted meanwhile. A 410 (changes after the cursor were pruned) starts a snapshot again.
     */
    private void pullAll() throws IOException {
        context.ensureSaved();
        FolderState state = context.state;
        boolean more = true;
        while (more && !projectGone) {
            if (state.cursor == null && !state.inSnapshot) {
                state.inSnapshot = true;
                state.snapshotSeen.clear();
            }
            PullPage page;
            try {
                page = context.api.pull(state.deviceId, state.cursor);
            } catch (ApiException e) {
                if (!"resync_required".equals(e.code())) {
                    throw e;
                }
                context.log.warn("the log after this folder's cursor was pruned: taking a snapshot again");
                state.cursor = null;
                state.inSnapshot = false;
                context.save();
                continue;
            }
            context.stats.pulls.incrementAndGet();
            rejections.handle(page.rejected());
            applyChanges(page.changes(), state.inSnapshot);
            state.cursor = page.cursor();
            for (Change change : page.changes()) {
                state.lastSeq = Math.max(state.lastSeq, change.seq());
            }
            more = page.hasMore();
            if (!more) {
                if (state.inSnapshot) {
                    finishSnapshot();
                }
                answeredSilently(page.lastMutationId());
            }
            context.save();
        }
        needsPull = false;
    }

    /** Applies changes of the user's log that concern this project: answers to this device's mutations first. */
    private void applyChanges(List<Change> changes, boolean snapshot) throws IOException {
        FolderState state = context.state;
        Map<UUID, RemoteState> latest = new LinkedHashMap<>();
        for (Change change : changes) {
            if (change.isProject()) {
                if (change.isDelete() && state.projectId.equals(change.entityId())) {
                    projectGone = true;
                    context.log.warn("the project was deleted on the server: syncing stops; the local files are kept");
                }
                continue;
            }
            if (!change.isFile()) {
                continue;
            }
            UUID id = change.entityId();
            boolean ours = change.isDelete() ? state.files.containsKey(id) || state.waiting.containsKey(id)
                    : state.projectId.equals(change.projectId());
            if (!ours) {
                continue;
            }
            if (snapshot && !change.isDelete()) {
                state.snapshotSeen.add(id);
            }
            if (change.answers(state.deviceId)) {
                context.queue.byId(change.originMutation()).filter(mutation -> mutation.fileId.equals(id)).ifPresent(context.queue::remove);
            }
            RemoteState before = latest.get(id);
            if (before == null || before.version <= change.version()) {
                latest.put(id, new RemoteState(id, change.version(), change.isDelete(), change.path(), change.contentHash()));
            }
        }
        if (!latest.isEmpty()) {
            applier.settle(latest.values());
        }
    }

    /** A snapshot run is complete: tracked files it never mentioned are no longer on the server. */
    private void finishSnapshot() throws IOException {
        FolderState state = context.state;
        Set<UUID> seen = new HashSet<>(state.snapshotSeen);
        List<RemoteState> gone = new ArrayList<>();
        for (FileEntry entry : state.files.values()) {
            if (entry.onServer() && !seen.contains(entry.id) && !state.busy(entry.id)) {
                gone.add(new RemoteState(entry.id, Long.MAX_VALUE, true, null, null));
            }
        }
        state.inSnapshot = false;
        state.snapshotSeen.clear();
        if (!gone.isEmpty()) {
            applier.settle(gone);
        }
    }

    /**
     * The server has answered this device's mutations up to {@code lastMutationId}. Those still pending
     * after a complete pull got neither a change nor a rejection: they changed nothing (the server already
     * had that content, or that path).
     */
    private void answeredSilently(long lastMutationId) throws IOException {
        for (PendingMutation mutation : context.queue.unanswered()) {
            if (mutation.id > lastMutationId) {
                continue;
            }
            context.queue.remove(mutation);
            FileEntry entry = context.state.files.get(mutation.fileId);
            if (entry == null) {
                continue;
            }
            switch (mutation.op) {
                case PendingMutation.DELETE -> context.state.files.remove(entry.id);
                case PendingMutation.UPDATE -> {
                    if (mutation.contentHash != null) {
                        entry.serverHash = mutation.contentHash;
                    }
                    if (mutation.path != null) {
                        entry.serverPath = mutation.path;
                    }
                }
                default -> {
                    // A create the server already had, identical: learn its version.
                    BatchGet got = context.api.batchGet(context.state.projectId, List.of(entry.id));
                    for (RemoteFile file : got.files()) {
                        entry.serverVersion = file.version();
                        entry.serverPath = file.path();
                        entry.serverHash = file.contentHash();
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- local edits and push

    /** Scans the folder and queues what changed, durably (content into blobs first, then the state). */
    private void scanAndQueue() throws IOException {
        FolderState state = context.state;
        Scanner.Result result = scanner.scan(state);
        boolean changed = false;
        for (Scanner.Skip skip : result.skipped()) {
            Problem known = state.problemAt(skip.path()).orElse(null);
            if (known != null && skip.reason().equals(known.reason) && java.util.Objects.equals(skip.hash(), known.contentHash)) {
                continue;
            }
            state.problems.removeIf(problem -> skip.path().equals(problem.path));
            state.problems.add(new Problem(skip.path(), skip.fileId(), skip.reason(), skip.message(), skip.hash(), context.clock.instant().toString()));
            context.log.warn(skip.path() + ": " + skip.message());
            changed = true;
        }
        if (state.problems.removeIf(problem -> !problem.fromServer() && !context.folder.exists(problem.path))) {
            changed = true;
        }
        for (Scanner.Edit edit : result.edits()) {
            if (queue(edit)) {
                changed = true;
                state.problems.removeIf(problem -> edit.path().equals(problem.path));
            }
        }
        if (changed) {
            context.save();
        }
    }

    private boolean queue(Scanner.Edit edit) throws IOException {
        FolderState state = context.state;
        FileEntry entry = state.files.get(edit.fileId());
        switch (edit.kind()) {
            case CREATE -> {
                String hash = context.store.blobs().put(edit.content());
                FileEntry created = new FileEntry(edit.fileId());
                created.localPath = edit.path();
                created.localHash = hash;
                state.files.put(created.id, created);
                PendingMutation create = context.queue.add(PendingMutation.CREATE, created.id, "new file");
                create.projectId = state.projectId;
                create.path = PathRule.normalise(edit.path());
                create.contentHash = hash;
                context.log.info(edit.path() + ": new here, queued as " + create.describe());
                return true;
            }
            case UPDATE -> {
                if (entry == null || !entry.onServer()) {
                    return false;
                }
                // The content first: a failed write leaves nothing queued, and the next scan sees the edit again.
                String hash = context.store.blobs().put(edit.content());
                PendingMutation update = context.queue.add(PendingMutation.UPDATE, entry.id, "edited");
                update.baseVersion = entry.serverVersion;
                update.contentHash = hash;
                String normalised = PathRule.normalise(entry.localPath);
                if (!normalised.equals(entry.serverPath)) {
                    update.path = normalised;
                }
                entry.localHash = update.contentHash;
                context.log.info(edit.path() + ": edited here, queued as " + update.describe());
                return true;
            }
            case RENAME -> {
                if (entry == null || !entry.onServer()) {
                    return false;
                }
                PendingMutation rename = context.queue.add(PendingMutation.UPDATE, entry.id, "renamed from " + edit.fromPath());
                rename.baseVersion = entry.serverVersion;
                rename.path = PathRule.normalise(edit.path());
                entry.localPath = edit.path();
                context.log.info(edit.fromPath() + " → " + edit.path() + ": renamed here, queued as " + rename.describe());
                return true;
            }
            case DELETE -> {
                if (entry == null || !entry.onServer()) {
                    return false;
                }
                PendingMutation delete = context.queue.add(PendingMutation.DELETE, entry.id, "deleted");
                delete.baseVersion = entry.serverVersion;
                delete.path = null;
                entry.localPath = null;
                entry.localHash = null;
                context.log.info(edit.path() + ": deleted here, queued as " + delete.describe());
                return true;
            }
        }
        return false;
    }

    /** Pushes the queue in id order, in batches within the server's limits. */
    private void push() throws IOException {
        while (!stopped) {
            context.ensureSaved(); // never push a mutation that is not durably queued
            List<Mutation> batch = context.queue.nextBatch();
            if (batch.isEmpty()) {
                return;
            }
            try {
                long last = context.api.push(context.state.deviceId, batch);
                context.stats.pushes.incrementAndGet();
                context.stats.mutationsPushed.addAndGet(batch.size());
                context.queue.submitted(last, System.currentTimeMillis());
                context.save();
            } catch (ApiException e) {
                if (e.status() == 409 && e.details().has("expected_mutation_id")) {
                    long expected = e.details().get("expected_mutation_id").asLong();
                    context.log.warn("the server expects mutation " + expected + " next: queue realigned");
                    context.queue.realign(expected, System.currentTimeMillis());
                    context.save();
                    continue;
                }
                if ((e.status() == 422 || e.status() == 413) && dropNamed(batch, e)) {
                    continue;
                }
                throw e;
            }
        }
    }

    /** A push refused whole: the mutations its details name (or a lone one) are dropped as problems; false when none could be. */
    private boolean dropNamed(List<Mutation> batch, ApiException refusal) throws IOException {
        Set<Long> named = new HashSet<>();
        refusal.details().fieldNames().forEachRemaining(field -> {
            String[] parts = field.split("\\.");
            if (parts.length > 1 && parts[0].equals("mutations")) {
                try {
                    int index = Integer.parseInt(parts[1]);
                    if (index < batch.size()) {
                        named.add(batch.get(index).id());
                    }
                } catch (NumberFormatException e) {
                    // not a mutation's field
                }
            }
        });
        if (named.isEmpty() && batch.size() == 1) {
            named.add(batch.get(0).id());
        }
        if (named.isEmpty()) {
            return false;
        }
        for (long id : named) {
            PendingMutation mutation = context.queue.byId(id).orElse(null);
            if (mutation != null) {
                rejections.refusedByPush(mutation, refusal.getMessage() + " " + refusal.details());
            }
        }
        context.queue.closeGaps();
        context.save();
        return true;
    }

    private void collectBlobs() throws IOException {
        Set<String> live = new HashSet<>();
        context.state.pending.forEach(mutation -> {
            if (mutation.contentHash != null) {
                live.add(mutation.contentHash);
            }
        });
        context.store.blobs().keepOnly(live);
    }

    // ---------------------------------------------------------------- stop

    private void stopAsync() {
        stopped = true;
        Thread stopper = new Thread(this::close, "orchestra-sync-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    /** Whether the engine stopped by itself (logged out, project deleted, device refused). */
    public boolean stopped() {
        return stopped || projectGone;
    }

    /** Stops syncing: the socket closed, the watcher stopped, the state saved, the folder unlocked. */
    @Override
    public synchronized void close() {
        stopped = true;
        if (socket != null) {
            socket.close();
        }
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                // stopping anyway
            }
        }
        if (renewal != null) {
            renewal.cancel(false);
        }
        if (loop != null) {
            loop.shutdown();
            try {
                if (!loop.awaitTermination(30, TimeUnit.SECONDS)) {
                    loop.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (lock.isValid()) {
                lock.release();
            }
            lockChannel.close();
        } catch (IOException e) {
            // the process ends anyway
        }
    }
}
