package dev.orchestra.sync.service;

import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.error.ErrorCode;
import dev.orchestra.sync.repository.DeviceRepository;
import dev.orchestra.sync.repository.DeviceRepository.DeviceRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Devices belong to the user who first pushed, pulled or connected with them; anyone else gets a 404.
 * A user has at most {@code orchestra.sync.max-devices} (100; one more → 403 {@code device_limit}); a
 * device idle for {@code orchestra.sync.device-idle-days} (180) with nothing pending is forgotten, and
 * if it comes back it is told to start over (410 {@code resync_required}) until it pulls a snapshot.
 */
@ApplicationScoped
public class DeviceService {

    private final DeviceRepository devices;
    private final Activity activity;
    private final Clock clock;
    private final dev.orchestra.platform.security.Revocations revocations;

    private final int maxDevices;
    private final int idleDays;

    public DeviceService(DeviceRepository devices, Activity activity, Clock clock,
                         dev.orchestra.platform.security.Revocations revocations,
                         @ConfigProperty(name = "orchestra.sync.max-devices", defaultValue = "100") int maxDevices,
                         @ConfigProperty(name = "orchestra.sync.device-idle-days", defaultValue = "180") int idleDays) {
        this.maxDevices = maxDevices;
        this.idleDays = idleDays;
        this.revocations = revocations;
        this.devices = devices;
        this.activity = activity;
        this.clock = clock;
    }

    /** The device, recorded for this user when new; 404 when it is another user's. */
    @Transactional(Transactional.TxType.MANDATORY)
    public DeviceRow claim(UUID userId, UUID deviceId) {
        return claim(userId, deviceId, false, false);
    }

    /**
     * The same for a pull: one from the start (no cursor) is how a forgotten device starts over, so
     * it is known again (from mutation id 1) instead of being told to.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public DeviceRow claimForPull(UUID userId, UUID deviceId, boolean fromTheStart) {
        return claim(userId, deviceId, false, fromTheStart);
    }

    /** The same, with the device's row locked until the transaction ends (a push). */
    @Transactional(Transactional.TxType.MANDATORY)
    public DeviceRow claimLocked(UUID userId, UUID deviceId) {
        return claim(userId, deviceId, true, false);
    }

    private DeviceRow claim(UUID userId, UUID deviceId, boolean lock, boolean startingOver) {
        if (revocations.isDeleted(userId)) {
            // A token admitted in the instant before the erasure's marker: nothing is recorded for it.
            throw ApiException.notFound();
        }
        Instant now = clock.instant();
        Optional<DeviceRow> known = devices.find(deviceId, lock, now);
        if (known.isEmpty()) {
            Optional<UUID> forgottenFor = devices.forgottenOwner(deviceId);
            if (forgottenFor.isPresent() && !forgottenFor.get().equals(userId)) {
                throw ApiException.notFound();
            }
            if (forgottenFor.isPresent() && !startingOver) {
                throw new ApiException(ErrorCode.RESYNC_REQUIRED, "This device was forgotten after " + idleDays
                        + " idle days: pull without a cursor to start over, then push from mutation id 1",
                        Map.of("reason", "device_forgotten"));
            }
            devices.lockNewDevicesOf(userId);
            if (devices.insertIfAbsent(deviceId, userId, now)) {
                forgottenFor.ifPresent(owner -> devices.unforget(deviceId));
                if (devices.countOf(userId) > maxDevices) {
                    throw new ApiException(ErrorCode.FORBIDDEN, "At most " + maxDevices + " devices per account",
                            Map.of("reason", "device_limit"));
                }
            }
            known = devices.find(deviceId, lock, now);
        }
        DeviceRow device = known.orElseThrow();
        if (!device.userId().equals(userId)) {
            throw ApiException.notFound();
        }
        return device;
    }

    /** Forgets the devices idle for longer than the configured days with nothing pending; returns how many. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int forgetIdle() {
        Instant now = clock.instant();
        return devices.forgetIdle(now.minus(Duration.ofDays(idleDays)), now);
    }

    /** A socket opens for the device: the same ownership rule, and the user counts as active today. */
    @Transactional
    public void connect(UUID userId, UUID deviceId) {
        claim(userId, deviceId);
        activity.active(userId);
    }
}
