package dev.orchestra.notification.service;

import dev.orchestra.platform.persistence.AfterCommit;
import dev.orchestra.notification.domain.Delivery;
import dev.orchestra.notification.domain.DeliveryLogEntry;
import dev.orchestra.notification.domain.DeliveryStatus;
import dev.orchestra.notification.domain.MailKind;
import dev.orchestra.notification.repository.DeliveryRepository;
import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.id.Ids;
import dev.orchestra.platform.paging.Keyset;
import dev.orchestra.platform.paging.Page;
import dev.orchestra.platform.paging.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** The delivery log: recording mails to send (in the event's transaction) and the admin listing. */
@ApplicationScoped
public class DeliveryService {

    private final DeliveryRepository deliveries;
    private final RetrySchedule schedule;
    private final SenderSignal signal;
    private final AfterCommit afterCommit;
    private final Clock clock;

    public DeliveryService(DeliveryRepository deliveries, RetrySchedule schedule, SenderSignal signal,
                           AfterCommit afterCommit, Clock clock) {
        this.deliveries = deliveries;
        this.schedule = schedule;
        this.signal = signal;
        this.afterCommit = afterCommit;
        this.clock = clock;
    }

    /**
     * Records one mail for the event in the caller's transaction (the inbox entry's), due at once,
     * unless the event already has this template's delivery; the senders are woken after the commit.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(UUID eventId, MailKind kind, UUID userId, String email, String name, String token, Instant expiresAt,
                       Map<String, String> data) {
        // PostgreSQL keeps microseconds: the keyset of the listing must see the instant it stored.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Delivery delivery = Delivery.pending(Ids.newId(clock), eventId, kind, userId, email, name, token, expiresAt, data, now,
                schedule.giveUpAt(now));
        if (deliveries.insertIfAbsent(delivery)) {
            wakeSendersAfterCommit();
        }
    }

    /** Registers a wake-up of this replica's senders for when the current transaction commits. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void wakeSendersAfterCommit() {
        afterCommit.run(signal::wake);
    }

    /** Every delivery, newest first, optionally of one status ({@code ?status=}); keyset-paged. */
    public Page<DeliveryView> list(String status, String limit, String cursor) {
        DeliveryStatus filter = null;
        if (status != null && !status.isEmpty()) {
            filter = DeliveryStatus.of(status).orElseThrow(() -> ApiException.invalid("status", "Must be one of "
                    + Arrays.stream(DeliveryStatus.values()).map(DeliveryStatus::id).collect(Collectors.joining(", "))));
        }
        PageRequest request = PageRequest.of(limit, cursor, "notification-deliveries:" + (filter == null ? "all" : filter.id()));
        List<DeliveryLogEntry> rows = deliveries.page(filter, request.after(), request.fetchSize());
        return request.page(rows, entry -> new Keyset(entry.createdAt(), entry.id()), DeliveryView::of);
    }
}
