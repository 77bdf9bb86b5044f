package db.migration;

import dev.orchestra.platform.json.StoredNumbers;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Account settings stored before platform's number rule with numbers outside it (1e100000 was
 * carried as 100,000 digits on every read of the account) become strings of their exact values;
 * each row is logged.
 */
public class V4__settings_within_number_rule extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        StoredNumbers.bringWithinRule(context.getConnection(), "users", "id", "settings");
    }
}
