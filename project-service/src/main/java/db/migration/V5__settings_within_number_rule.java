package db.migration;

import dev.orchestra.platform.json.StoredNumbers;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Settings stored before platform's number rule with numbers outside it (1e-5000 answered 500 on a
 * later PUT and never reached a device) become strings of their exact values; each row is logged.
 */
public class V5__settings_within_number_rule extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        StoredNumbers.bringWithinRule(context.getConnection(), "projects", "id", "settings");
    }
}
