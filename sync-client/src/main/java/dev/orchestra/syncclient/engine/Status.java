package dev.orchestra.syncclient.engine;

import dev.orchestra.syncclient.state.ConflictRecord;
import dev.orchestra.syncclient.state.FolderState;
import dev.orchestra.syncclient.state.PendingMutation;
import dev.orchestra.syncclient.state.Problem;
import dev.orchestra.syncclient.state.RemoteState;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A folder's sync status, read from its state alone (no server needed): what {@code orchestra-sync status} shows. */
public record Status(UUID projectId, UUID deviceId, String deviceName, long lastSeq, boolean synced, int files,
                     List<PendingMutation> pending, long lastSubmittedMutationId, List<RemoteState> waiting,
                     List<ConflictRecord> conflicts, List<Problem> problems) {

    public static Status of(FolderState state) {
        return new Status(state.projectId, state.deviceId, state.deviceName, state.lastSeq, state.cursor != null && !state.inSnapshot,
                state.files.size(), new ArrayList<>(state.pending), state.lastSubmittedMutationId, new ArrayList<>(state.waiting.values()),
                new ArrayList<>(state.conflicts), new ArrayList<>(state.problems));
    }

    /** Human-readable, as the command line prints it. */
    public String render() {
        StringBuilder text = new StringBuilder();
        text.append("project      ").append(projectId).append('\n');
        text.append("device       ").append(deviceId).append(" (").append(deviceName).append(")\n");
        text.append("last seq     ").append(lastSeq).append(synced ? "" : " (first sync not finished)").append('\n');
        text.append("files        ").append(files).append('\n');
        text.append("pending      ").append(pending.size()).append(" mutation(s)");
        long unpushed = pending.stream().filter(mutation -> mutation.id > lastSubmittedMutationId).count();
        if (!pending.isEmpty()) {
            text.append(": ").append(unpushed).append(" not pushed, ").append(pending.size() - unpushed).append(" awaiting the server's answer");
        }
        text.append('\n');
        pending.forEach(mutation -> text.append("  ").append(mutation.describe()).append('\n'));
        if (!waiting.isEmpty()) {
            text.append("waiting      ").append(waiting.size()).append(" remote change(s) held back by local edits not synced yet\n");
            waiting.forEach(remote -> text.append("  ").append(remote.deleted ? "delete of " + remote.id : remote.path + " v" + remote.version)
                    .append('\n'));
        }
        text.append("conflicts    ").append(conflicts.size()).append('\n');
        conflicts.forEach(conflict -> text.append("  ").append(conflict.at).append("  ").append(conflict.path).append(" — this device's version kept as ")
                .append(conflict.copyPath).append(" (").append(conflict.reason).append(")\n"));
        text.append("problems     ").append(problems.size()).append('\n');
        problems.forEach(problem -> text.append("  ").append(problem.path).append(": ").append(problem.reason).append(" — ")
                .append(problem.message).append('\n'));
        return text.toString();
    }
}
