package dev.orchestra.sync.service;

import dev.orchestra.platform.error.ApiException;
import dev.orchestra.sync.repository.DeviceRepository;
import dev.orchestra.sync.repository.DeviceRepository.DeviceRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;

/** Devices belong to the user who first pushed, pulled or connected with them; anyone else gets a 404. */
@ApplicationScoped
public class DeviceService {

    private final DeviceRepository devices;
    private final Activity activity;
    private final Clock clock;
    private final dev.orchestra.platform.security.Revocations revocations;

    public DeviceService(DeviceRepository devices, Activity activity, Clock clock,
                         dev.orchestra.platform.security.Revocations revocations) {
        this.revocations = revocations;
        this.devices = devices;
        this.activity = activity;
        this.clock = clock;
    }

    /** The device, recorded for this user when new; 404 when it is another user's. */
    @Transactional(Transactional.TxType.MANDATORY)
    public DeviceRow claim(UUID userId, UUID deviceId) {
        return claim(userId, deviceId, false);
    }

    /** The same, with the device's row locked until the transaction ends (a push). */
    @Transactional(Transactional.TxType.MANDATORY)
    public DeviceRow claimLocked(UUID userId, UUID deviceId) {
        return claim(userId, deviceId, true);
    }

    private DeviceRow claim(UUID userId, UUID deviceId, boolean lock) {
        if (revocations.isDeleted(userId)) {
            // A token admitted in the instant before the erasure's marker: nothing is recorded for it.
            throw ApiException.notFound();
        }
        DeviceRow device = devices.claim(deviceId, userId, clock.instant(), lock);
        if (!device.userId().equals(userId)) {
            throw ApiException.notFound();
        }
        return device;
    }

    /** A socket opens for the device: the same ownership rule, and the user counts as active today. */
    @Transactional
    public void connect(UUID userId, UUID deviceId) {
        claim(userId, deviceId);
        activity.active(userId);
    }
}
