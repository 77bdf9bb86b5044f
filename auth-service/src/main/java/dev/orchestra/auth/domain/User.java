package dev.orchestra.auth.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An account. {@code version} grows by one on every change that the user events carry. */
@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String email;

    @Column(name = "email_normalized", nullable = false)
    public String emailNormalized;

    @Column(nullable = false)
    public String name;

    @Column(name = "avatar_url")
    public String avatarUrl;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Column(nullable = false)
    public String plan;

    @Column(name = "subscription_version", nullable = false)
    public long subscriptionVersion;

    /** A JSON object, as text. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String settings;

    @Column(name = "email_verified", nullable = false)
    public boolean emailVerified;

    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The normalised form every comparison of addresses uses. */
    public static String normalizeEmail(String email) {
        return dev.orchestra.platform.text.EmailAddresses.key(email.trim());
    }

    /** Records a change: one more version, a new update time. */
    public void changed(Instant at) {
        version++;
        updatedAt = at;
    }
}
