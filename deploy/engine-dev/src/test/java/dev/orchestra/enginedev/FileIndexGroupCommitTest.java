package dev.orchestra.enginedev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commits are shared by concurrent writes (FileIndex): what a call acknowledged is on disk, and the
 * version rules see writes that no commit covers yet.
 */
class FileIndexGroupCommitTest {

    private static final Runnable WANTED = () -> { };

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedConcurrentWriteIsCommitted() throws Exception {
        int files = 120;
        try (FileIndex index = FileIndex.open(dir)) {
            runAtOnce(IntStream.range(0, files).<Callable<Boolean>>mapToObj(n ->
                    () -> index.index(new FileKey("p", "f" + n), "f" + n + ".txt", "line of file " + n + "\n", 1, "u", WANTED)).toList());

            // What is on disk now (the last commit), read apart from the writer, as after a crash.
            try (FSDirectory directory = FSDirectory.open(dir); DirectoryReader committed = DirectoryReader.open(directory)) {
                IndexSearcher searcher = new IndexSearcher(committed);
                for (int n = 0; n < files; n++) {
                    assertThat(searcher.count(new TermQuery(new Term("file_key", new FileKey("p", "f" + n).term()))))
                            .as("file %d's state and line, committed", n).isEqualTo(2);
                }
            }
        }
    }

    @Test
    void concurrentVersionsOfAFileEndAtTheNewest() throws Exception {
        // Five files, 200 versions each (every 7th a removal), all interleaved in a random order.
        List<Callable<Boolean>> calls = new ArrayList<>();
        List<FileKey> keys = IntStream.range(0, 5).mapToObj(n -> new FileKey("p", "f" + n)).toList();
        try (FileIndex index = FileIndex.open(dir)) {
            for (FileKey key : keys) {
                for (int version = 1; version <= 200; version++) {
                    long v = version;
                    calls.add(() -> v % 7 == 0 ? index.remove(key, v, "u", WANTED)
                            : index.index(key, "f.txt", "version " + v + "\n", v, "u", WANTED));
                }
            }
            Collections.shuffle(calls);
            runAtOnce(calls);

            for (FileKey key : keys) {
                assertThat(index.state(key)).as(key.fileId()).hasValueSatisfying(state -> {
                    assertThat(state.version()).isEqualTo(200);
                    assertThat(state.removed()).isFalse();
                });
            }
        }
    }

    /** Runs the calls on 8 threads at once; fails if any call failed. */
    private static void runAtOnce(List<Callable<Boolean>> calls) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (Future<Boolean> call : threads.invokeAll(calls)) {
                call.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
