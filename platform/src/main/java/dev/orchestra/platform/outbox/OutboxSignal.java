package dev.orchestra.platform.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/** How a commit that wrote outbox rows wakes this JVM's relay (no NOTIFY: see docs/architecture.md section 4). */
@ApplicationScoped
public class OutboxSignal {

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public void onWake(Runnable listener) {
        listeners.add(listener);
    }

    public void remove(Runnable listener) {
        listeners.remove(listener);
    }

    void wake() {
        listeners.forEach(Runnable::run);
    }
}
