package dev.orchestra.engine.repository;

import dev.orchestra.engine.domain.ExtensionUpdate;
import dev.orchestra.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The last extension check's answer, replaced whole by the next one. */
@ApplicationScoped
public class ExtensionRepository {

    private final Sql jdbc;

    public ExtensionRepository(Sql jdbc) {
        this.jdbc = jdbc;
    }

    public void replace(List<ExtensionUpdate> updates, int checked) {
        jdbc.execute("delete from extension_updates");
        for (int i = 0; i < updates.size(); i++) {
            ExtensionUpdate update = updates.get(i);
            jdbc.execute("insert into extension_updates (position, id, installed_version, available_version, download_url, "
                    + "release_notes) values (?, ?, ?, ?, ?, ?)", i, update.id(), update.installedVersion(), update.availableVersion(),
                    update.downloadUrl(), update.releaseNotes());
        }
        jdbc.execute("insert into extension_checks (singleton, checked_at, checked) values (true, now(), ?) "
                + "on conflict (singleton) do update set checked_at = excluded.checked_at, checked = excluded.checked", checked);
    }

    public List<ExtensionUpdate> list() {
        return jdbc.query("select id, installed_version, available_version, download_url, release_notes from extension_updates "
                + "order by position", row -> new ExtensionUpdate(row.getString("id"), row.getString("installed_version"),
                row.getString("available_version"), row.getString("download_url"), row.getString("release_notes")));
    }

    public Optional<Instant> checkedAt() {
        return jdbc.queryOne("select checked_at from extension_checks", row -> Sql.instant(row, "checked_at"));
    }
}
