package dev.orchestra.sync.service;

import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.error.ErrorCode;
import dev.orchestra.sync.service.SyncEvents.Submitted;
import dev.orchestra.sync.repository.DeviceRepository;
import dev.orchestra.sync.repository.DeviceRepository.DeviceRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Push (docs/architecture.md section 6, step 1): a device's mutations, numbered by one per device, go to the
 * outbox as MutationSubmitted in the transaction that advances the device's last submitted id.
 * Ids at or below it are acknowledged and dropped (a push is idempotent); a gap is a 409 naming the
 * id expected.
 */
@ApplicationScoped
public class PushService {

    public static final int MAX_MUTATIONS = 500;

    private final DeviceService deviceService;
    private final DeviceRepository devices;
    private final SyncEvents events;
    private final Activity activity;

    public PushService(DeviceService deviceService, DeviceRepository devices, SyncEvents events, Activity activity) {
        this.deviceService = deviceService;
        this.devices = devices;
        this.events = events;
        this.activity = activity;
    }

    /** @return the device's last submitted mutation id after this push */
    @Transactional
    public long push(UUID userId, UUID deviceId, List<Submitted> mutations) {
        if (mutations.size() > MAX_MUTATIONS) {
            throw ApiException.payloadTooLarge("At most " + MAX_MUTATIONS + " mutations a push");
        }
        DeviceRow device = deviceService.claimLocked(userId, deviceId);
        long last = device.lastSubmittedMutationId();
        List<Submitted> accepted = new java.util.ArrayList<>();
        for (Submitted mutation : mutations) {
            if (mutation.id() <= last) {
                continue;
            }
            if (mutation.id() != last + 1) {
                throw new ApiException(ErrorCode.CONFLICT, "Mutation ids must follow on from the last one submitted",
                        Map.of("expected_mutation_id", last + 1));
            }
            accepted.add(mutation);
            last = mutation.id();
        }
        for (Submitted mutation : accepted) {
            events.mutationSubmitted(userId, deviceId, mutation);
        }
        if (!accepted.isEmpty()) {
            devices.advanceSubmitted(deviceId, last);
        }
        activity.pushed(userId, accepted.size());
        return last;
    }
}
