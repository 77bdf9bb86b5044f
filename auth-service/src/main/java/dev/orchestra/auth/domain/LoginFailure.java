package dev.orchestra.auth.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A failed (or still running) password check for an address, whether or not an account has it. */
@Entity
@Table(name = "login_failures")
public class LoginFailure extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** SHA-256 (hex) of the normalised e-mail. */
    @Column(name = "email_hash", nullable = false)
    public String emailHash;

    /** Who failed: an IPv4 address, an IPv6 client's /64, or '' when unknown. */
    @Column(name = "client_key", nullable = false)
    public String clientKey;

    @Column(name = "failed_at", nullable = false)
    public Instant failedAt;
}
