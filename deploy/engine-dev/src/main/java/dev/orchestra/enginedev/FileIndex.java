package dev.orchestra.enginedev;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The on-disk index. Each non-blank line of a file is one Lucene document (so a hit is a line and
 * BM25 scores lines), and each file has one more document holding its {@link FileState}. All the
 * documents of a file share one key term, so a file is replaced or removed in one atomic update.
 *
 * <p>Writes are serialized, committed before they are acknowledged (an acknowledged write survives
 * a crash) and visible to the next search. Searches run concurrently on the latest snapshot. Each
 * write runs its caller's {@code stillWanted} check under the lock, right before it changes
 * anything: a call may wait there for other writes, and one given up meanwhile must write nothing.
 *
 * <p>Commits are grouped: a write changes the index under the lock, then waits outside it for a
 * commit that covers it, and one commit (an fsync and a new searcher) covers every write made before
 * it started. Concurrent calls (engine-gateway has several in flight) share commits instead of
 * queueing one fsync each. Until its commit, a write's file state is kept in {@link #uncommitted},
 * so the version rules of the next write see it.
 */
final class FileIndex implements Closeable {

    static final String TEXT = "text";

    private static final String KIND = "kind";
    private static final String KIND_FILE = "file";
    private static final String KIND_LINE = "line";
    private static final String PROJECT = "project_id";
    private static final String KEY = "file_key";
    private static final String FILE_ID = "file_id";
    private static final String PATH = "path";
    /** The path again on file documents: a Lucene field has one schema, and PATH has doc values for sorting. */
    private static final String FILE_PATH = "file_path";
    private static final String LINE = "line";
    private static final String VERSION = "version";
    private static final String REMOVED = "removed";
    private static final String USER = "user_id";

    /** Best first; equal scores in path and line order, so answers are stable. */
    private static final Sort RANKING = new Sort(SortField.FIELD_SCORE,
            new SortField(PATH, SortField.Type.STRING), new SortField(LINE, SortField.Type.LONG));

    private final Analyzer analyzer = new CodeAnalyzer();
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /** States written but not yet committed, each with its write's number (guarded by this). */
    private final Map<FileKey, Uncommitted> uncommitted = new HashMap<>();
    /** Projects dropped but not yet committed, with the drop's write number (guarded by this). */
    private final Map<String, Long> droppedUncommitted = new HashMap<>();
    /** The number of the last write made (guarded by this). */
    private long written;
    /** Held while committing; the number of the last write a commit covered (guarded by it). */
    private final Object commitLock = new Object();
    private long committed;

    private record Uncommitted(FileState state, long write) {
    }

    private FileIndex(Directory directory, IndexWriter writer, SearcherManager searchers) {
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
    }

    /** Opens the index in {@code dir}, creating it when missing; fails if another process has it open. */
    static FileIndex open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Directory directory = FSDirectory.open(dir);
        try {
            IndexWriterConfig config = new IndexWriterConfig(new CodeAnalyzer())
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            IndexWriter writer = new IndexWriter(directory, config);
            return new FileIndex(directory, writer, new SearcherManager(writer, null));
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    Analyzer analyzer() {
        return analyzer;
    }

    /**
     * Replaces the file's lines with those of {@code content}, unless the index already knows a newer
     * version of the file (indexed or removed). The same version again is applied.
     *
     * @param stillWanted throws to leave the index as it is (run under the lock, before the write)
     * @return whether the content was indexed
     */
    boolean index(FileKey key, String path, String content, long version, String userId,
            Runnable stillWanted) throws IOException {
        long write;
        synchronized (this) {
            Optional<FileState> known = known(key);
            if (known.isPresent() && version < known.get().version()) {
                return false;
            }
            List<Document> documents = lineDocuments(key, path, content);
            FileState state = new FileState(path, version, false);
            documents.add(stateDocument(key, state, userId));
            stillWanted.run();
            writer.updateDocuments(keyTerm(key), documents);
            write = wrote(key, state);
        }
        publish(write);
        return true;
    }

    /**
     * Drops the file's lines and remembers the removal at {@code version}; ignored when the index
     * knows a newer version. A file never seen is remembered as removed too, for the same reason.
     *
     * @param stillWanted throws to leave the index as it is (run under the lock, before the write)
     * @return whether the removal was applied
     */
    boolean remove(FileKey key, long version, String userId, Runnable stillWanted) throws IOException {
        long write;
        synchronized (this) {
            Optional<FileState> known = known(key);
            if (known.isPresent() && version < known.get().version()) {
                return false;
            }
            FileState state = new FileState(known.map(FileState::path).orElse(""), version, true);
            stillWanted.run();
            writer.updateDocuments(keyTerm(key), List.of(stateDocument(key, state, userId)));
            write = wrote(key, state);
        }
        publish(write);
        return true;
    }

    /**
     * Forgets the project: its files' lines and states, removals included.
     *
     * @param stillWanted throws to leave the index as it is (run under the lock, before the write)
     */
    void dropProject(String projectId, Runnable stillWanted) throws IOException {
        long write;
        synchronized (this) {
            stillWanted.run();
            writer.deleteDocuments(new Term(PROJECT, projectId));
            // The project's files are forgotten, uncommitted states included, until the commit shows it.
            uncommitted.keySet().removeIf(key -> key.projectId().equals(projectId));
            write = ++written;
            droppedUncommitted.put(projectId, write);
        }
        publish(write);
    }

    /** What the index knows of the file, if anything: its uncommitted state, else its committed one. */
    private Optional<FileState> known(FileKey key) throws IOException {
        Uncommitted pending = uncommitted.get(key);
        if (pending != null) {
            return Optional.of(pending.state());
        }
        return droppedUncommitted.containsKey(key.projectId()) ? Optional.empty() : state(key);
    }

    /** Numbers a write just made (under the lock) and keeps its state until a commit covers it. */
    private long wrote(FileKey key, FileState state) {
        written++;
        uncommitted.put(key, new Uncommitted(state, written));
        return written;
    }

    /**
     * What searches know of the file, if anything: the index as of the last commit's refresh (which
     * may already hold writes made while that commit ran, not yet committed themselves).
     */
    Optional<FileState> state(FileKey key) throws IOException {
        Query query = new BooleanQuery.Builder()
                .add(new TermQuery(keyTerm(key)), Occur.FILTER)
                .add(new TermQuery(new Term(KIND, KIND_FILE)), Occur.FILTER)
                .build();
        IndexSearcher searcher = searchers.acquire();
        try {
            TopDocs top = searcher.search(query, 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            Document doc = searcher.storedFields().document(top.scoreDocs[0].doc);
            return Optional.of(new FileState(doc.get(FILE_PATH), doc.getField(VERSION).numericValue().longValue(),
                    doc.getField(REMOVED).numericValue().intValue() == 1));
        } finally {
            searchers.release(searcher);
        }
    }

    /** The project's best matching lines, at most {@code limit}. */
    List<SearchHitLine> search(String projectId, SearchQuery query, int limit) throws IOException {
        Query inProject = new BooleanQuery.Builder()
                .add(query.query(), Occur.MUST)
                .add(new TermQuery(new Term(PROJECT, projectId)), Occur.FILTER)
                .add(new TermQuery(new Term(KIND, KIND_LINE)), Occur.FILTER)
                .build();
        IndexSearcher searcher = searchers.acquire();
        try {
            TopDocs top = searcher.search(inProject, limit, RANKING, true);
            StoredFields stored = searcher.storedFields();
            List<SearchHitLine> hits = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc scoreDoc : top.scoreDocs) {
                Document doc = stored.document(scoreDoc.doc);
                String snippet = Snippets.of(doc.get(TEXT), query.words(), analyzer, TEXT);
                hits.add(new SearchHitLine(doc.get(FILE_ID), doc.get(PATH),
                        doc.getField(LINE).numericValue().intValue(), snippet, scoreDoc.score));
            }
            return hits;
        } finally {
            searchers.release(searcher);
        }
    }

    /**
     * Returns once the given write is committed and searches see it: a write is acknowledged only
     * after both. A commit made meanwhile by another call may already cover it; otherwise this call
     * commits everything written so far, its own write and any made since.
     */
    private void publish(long write) throws IOException {
        synchronized (commitLock) {
            if (committed >= write) {
                return;
            }
            long upTo;
            synchronized (this) {
                upTo = written;
            }
            // Every write numbered up to upTo reached the writer before this commit starts.
            writer.commit();
            searchers.maybeRefreshBlocking();
            synchronized (this) {
                uncommitted.values().removeIf(pending -> pending.write() <= upTo);
                droppedUncommitted.values().removeIf(drop -> drop <= upTo);
            }
            committed = upTo;
        }
    }

    private static Term keyTerm(FileKey key) {
        return new Term(KEY, key.term());
    }

    private static List<Document> lineDocuments(FileKey key, String path, String content) {
        List<Document> documents = new ArrayList<>();
        int lineNumber = 0;
        int start = 0;
        while (start <= content.length()) {
            int end = content.indexOf('\n', start);
            if (end < 0) {
                end = content.length();
            }
            lineNumber++;
            String line = stripLineEnd(content.substring(start, end), lineNumber);
            if (!line.isBlank()) {
                documents.add(lineDocument(key, path, lineNumber, line));
            }
            start = end + 1;
        }
        return documents;
    }

    /** Windows line ends and a leading byte-order mark are not part of the text. */
    private static String stripLineEnd(String line, int lineNumber) {
        String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        return lineNumber == 1 && text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static Document lineDocument(FileKey key, String path, int lineNumber, String line) {
        Document doc = new Document();
        doc.add(new StringField(KIND, KIND_LINE, Field.Store.NO));
        doc.add(new StringField(PROJECT, key.projectId(), Field.Store.NO));
        doc.add(new StringField(KEY, key.term(), Field.Store.NO));
        doc.add(new StoredField(FILE_ID, key.fileId()));
        doc.add(new StoredField(PATH, path));
        doc.add(new SortedDocValuesField(PATH, new BytesRef(path)));
        doc.add(new StoredField(LINE, lineNumber));
        doc.add(new NumericDocValuesField(LINE, lineNumber));
        doc.add(new TextField(TEXT, line, Field.Store.YES));
        return doc;
    }

    private static Document stateDocument(FileKey key, FileState state, String userId) {
        Document doc = new Document();
        doc.add(new StringField(KIND, KIND_FILE, Field.Store.NO));
        doc.add(new StringField(PROJECT, key.projectId(), Field.Store.NO));
        doc.add(new StringField(KEY, key.term(), Field.Store.NO));
        doc.add(new StoredField(FILE_ID, key.fileId()));
        doc.add(new StoredField(FILE_PATH, state.path()));
        doc.add(new StoredField(VERSION, state.version()));
        doc.add(new StoredField(REMOVED, state.removed() ? 1 : 0));
        doc.add(new StoredField(USER, userId));
        return doc;
    }

    /** Commits what is pending and releases the index (and its lock on the directory). */
    @Override
    public void close() throws IOException {
        synchronized (commitLock) {
            closeWriter();
        }
    }

    private synchronized void closeWriter() throws IOException {
        try (directory; writer; searchers) {
            writer.commit();
        }
    }
}
