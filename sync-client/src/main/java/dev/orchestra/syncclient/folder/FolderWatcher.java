package dev.orchestra.syncclient.folder;

import dev.orchestra.syncclient.state.StateStore;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A hint that something changed, from the OS's file watcher (inotify on Linux; a polling fallback
 * elsewhere in the JDK), so that a scan runs sooner than its period. Only a hint: watchers drop events
 * (overflow, folders made before they are registered), and the periodic scan is what finds edits.
 */
public final class FolderWatcher implements AutoCloseable {

    private final Path root;
    private final Runnable changed;
    private final WatchService watcher;
    private final Thread thread;

    public FolderWatcher(Path root, Runnable changed) throws IOException {
        this.root = root;
        this.changed = changed;
        this.watcher = FileSystems.getDefault().newWatchService();
        registerTree(root);
        this.thread = new Thread(this::run, "orchestra-sync-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void registerTree(Path start) throws IOException {
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (dir.getFileName() != null && dir.getFileName().toString().equals(StateStore.DIR_NAME) && root.equals(dir.getParent())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                Path dir = (Path) key.watchable();
                boolean relevant = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.context() instanceof Path name) {
                        Path child = dir.resolve(name);
                        if (child.startsWith(root.resolve(StateStore.DIR_NAME))) {
                            continue;
                        }
                        if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(child)) {
                            try {
                                registerTree(child);
                            } catch (IOException e) {
                                // the scan finds what is inside anyway
                            }
                        }
                    }
                    relevant = true;
                }
                key.reset();
                if (relevant) {
                    changed.run();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }
}
