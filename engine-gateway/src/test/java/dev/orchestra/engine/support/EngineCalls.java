package dev.orchestra.engine.support;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.Context;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The engine's side of the link, for tests: every Engine call the development engine receives (its
 * request, when it started and ended, its status) in arrival order, how many of each method ran at
 * once, and scripted answers — a status instead of the work, or a call held until the test lets it
 * go. It sits outside the engine's own deadline check ({@link TestEngine} installs it), so a held
 * call whose deadline passes meanwhile is then refused by the engine as any late call is.
 */
public final class EngineCalls implements ServerInterceptor {

    static final EngineCalls INTERCEPTOR = new EngineCalls();
    private static final Duration LONGEST_HOLD = Duration.ofSeconds(60);

    /** Orders starts and ends of all calls on one line. */
    private static final AtomicLong CLOCK = new AtomicLong();
    private static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    private static final List<Script> SCRIPTS = new CopyOnWriteArrayList<>();
    private static final Map<String, AtomicInteger> RUNNING = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> MOST = new ConcurrentHashMap<>();

    private EngineCalls() {
    }

    /** Forgets the calls seen and the most at once, drops the scripts and lets every held call go. */
    public static void reset() {
        for (Script script : SCRIPTS) {
            script.releaseAll();
        }
        SCRIPTS.clear();
        CALLS.clear();
        MOST.clear();
    }

    /** The calls of a method (IndexFile, RemoveFile, DropProject, Search, ...) in the order they arrived. */
    public static List<Call> of(String method) {
        return CALLS.stream().filter(call -> call.method().equals(method)).toList();
    }

    /** The writes about a project (IndexFile, RemoveFile, DropProject; no Search), in the order they arrived. */
    public static List<Call> writesOfProject(UUID project) {
        return CALLS.stream().filter(call -> !call.method().equals("Search") && project.toString().equals(call.projectId()))
                .toList();
    }

    /** The calls about a file (IndexFile, RemoveFile), in the order they arrived. */
    public static List<Call> ofFile(UUID file) {
        return CALLS.stream().filter(call -> file.toString().equals(call.fileId())).toList();
    }

    /** The most calls of this method that were running at the engine at once since the last reset. */
    public static int mostAtOnce(String method) {
        AtomicInteger most = MOST.get(method);
        return most == null ? 0 : most.get();
    }

    /**
     * The next calls that match get these answers, one each, in order; calls after them are served.
     * Matching is by the call's method and request, checked when the whole request has arrived.
     */
    public static void script(Predicate<Call> match, Answer... answers) {
        SCRIPTS.add(new Script(match, answers));
    }

    /** Matches the calls of one method about one file. */
    public static Predicate<Call> fileCall(String method, UUID file) {
        return call -> call.method().equals(method) && file.toString().equals(call.fileId());
    }

    /** A scripted answer. */
    public static final class Answer {
        private final Status.Code status;
        private final Hold hold;

        private Answer(Status.Code status, Hold hold) {
            this.status = status;
            this.hold = hold;
        }

        /** The call ends with this status, the engine doing nothing. */
        public static Answer fail(Status.Code status) {
            return new Answer(status, null);
        }

        /** The call waits until the test releases it (or the call is given up), then is served. */
        public static Answer hold(Hold hold) {
            return new Answer(null, hold);
        }
    }

    /** A call kept waiting at the engine until {@link #release()}; its client's deadline still runs. */
    public static final class Hold {
        private final CompletableFuture<Call> reached = new CompletableFuture<>();
        private final CompletableFuture<Void> released = new CompletableFuture<>();

        /** Until a call is held here; that call. */
        public Call awaitHeld() {
            await().atMost(EngineGatewayTest.WAIT).until(reached::isDone);
            return reached.join();
        }

        public boolean held() {
            return reached.isDone();
        }

        public void release() {
            released.complete(null);
        }

        private void hold(Call call, Context context) {
            CompletableFuture<Void> givenUp = new CompletableFuture<>();
            Context.CancellationListener listener = cancelled -> givenUp.complete(null);
            context.addListener(listener, Runnable::run);
            reached.complete(call);
            try {
                CompletableFuture.anyOf(released, givenUp).get(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Served after all: the test failed to release it.
            } finally {
                context.removeListener(listener);
            }
        }
    }

    /** One Engine call as the engine received it. */
    public static final class Call {
        private final String method;
        private final Message request;
        private final long started;
        private volatile long ended;
        private volatile Status.Code status;

        private Call(String method, Message request, long started) {
            this.method = method;
            this.request = request;
            this.started = started;
        }

        public String method() {
            return method;
        }

        public Message request() {
            return request;
        }

        public String projectId() {
            return text("project_id");
        }

        public String fileId() {
            return text("file_id");
        }

        /** The request's version (IndexFile, RemoveFile), else -1. */
        public long version() {
            FieldDescriptor field = request == null ? null : request.getDescriptorForType().findFieldByName("version");
            return field == null ? -1 : (Long) request.getField(field);
        }

        /** The status it ended with; null while it runs. */
        public Status.Code status() {
            return status;
        }

        /** When it arrived, on the clock shared by all calls. */
        public long started() {
            return started;
        }

        /** When it ended, on the same clock; 0 while it runs. */
        public long ended() {
            return ended;
        }

        /** Whether this call had ended before {@code other} arrived. */
        public boolean endedBefore(Call other) {
            return ended != 0 && ended < other.started;
        }

        @Override
        public String toString() {
            return method + "(" + (fileId() == null ? projectId() : fileId()) + (version() >= 0 ? " v" + version() : "") + ") "
                    + started + "-" + (ended == 0 ? "running" : ended + " " + status);
        }

        private String text(String name) {
            FieldDescriptor field = request == null ? null : request.getDescriptorForType().findFieldByName(name);
            return field == null ? null : (String) request.getField(field);
        }

        private void end(Status.Code code) {
            status = code;
            ended = CLOCK.incrementAndGet();
        }
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getBareMethodName();
        Call[] recorded = new Call[1];
        ServerCall<Q, R> watched = new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                Call seen = recorded[0];
                if (seen != null && seen.ended == 0) {
                    RUNNING.get(method).decrementAndGet();
                    seen.end(status.getCode());
                }
                super.close(status, trailers);
            }
        };
        return new SimpleForwardingServerCallListener<>(next.startCall(watched, headers)) {
            private Message request;

            @Override
            public void onMessage(Q message) {
                request = (Message) message;
                super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                // A unary call's request has fully arrived: it runs now.
                Call seen = new Call(method, request, CLOCK.incrementAndGet());
                recorded[0] = seen;
                CALLS.add(seen);
                int running = RUNNING.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
                MOST.computeIfAbsent(method, m -> new AtomicInteger()).accumulateAndGet(running, Math::max);
                Answer answer = answerFor(seen);
                if (answer != null && answer.status != null) {
                    watched.close(Status.fromCode(answer.status).withDescription("scripted by the test"), new Metadata());
                    return;
                }
                if (answer != null && answer.hold != null) {
                    answer.hold.hold(seen, Context.current());
                }
                super.onHalfClose();
            }
        };
    }

    private static Answer answerFor(Call call) {
        for (Script script : SCRIPTS) {
            Answer answer = script.next(call);
            if (answer != null) {
                return answer;
            }
        }
        return null;
    }

    private static final class Script {
        private final Predicate<Call> match;
        private final List<Answer> all;
        private final Deque<Answer> left;

        Script(Predicate<Call> match, Answer... answers) {
            this.match = match;
            this.all = List.of(answers);
            this.left = new ArrayDeque<>(all);
        }

        synchronized Answer next(Call call) {
            return !left.isEmpty() && match.test(call) ? left.poll() : null;
        }

        synchronized void releaseAll() {
            left.clear();
            all.stream().filter(answer -> answer.hold != null).forEach(answer -> answer.hold.release());
        }
    }
}
