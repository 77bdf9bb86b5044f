package dev.orchestra.platform.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void newIdsAreVersion7WithTheRfcVariantAndTheirMillisecondInFront() {
        long before = System.currentTimeMillis();
        UUID id = Ids.newId();
        long after = System.currentTimeMillis();
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        long millis = id.getMostSignificantBits() >>> 16;
        assertThat(millis).isBetween(before, after);
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnesAndNeverRepeat() {
        List<UUID> ids = new ArrayList<>();
        for (long ms = 1_700_000_000_000L; ms < 1_700_000_000_050L; ms++) {
            ids.add(Ids.newId(ms));
        }
        for (int i = 1; i < ids.size(); i++) {
            // PostgreSQL compares uuids as unsigned bytes: the string order is that order.
            assertThat(ids.get(i).toString()).isGreaterThan(ids.get(i - 1).toString());
        }
        var many = new HashSet<UUID>();
        for (int i = 0; i < 100_000; i++) {
            many.add(Ids.newId(1_700_000_000_000L));
        }
        assertThat(many).hasSize(100_000);
    }

    @Test
    void onlyCanonicalUuidsParse() {
        UUID id = UUID.randomUUID();
        assertThat(Ids.parseOrNull(id.toString())).isEqualTo(id);
        assertThat(Ids.parseOrNull(id.toString().toUpperCase())).isEqualTo(id);
        assertThat(Ids.parseOrNull("1-1-1-1-1")).isNull();
        assertThat(Ids.parseOrNull("not-a-uuid")).isNull();
        assertThat(Ids.parseOrNull(null)).isNull();
        assertThat(Ids.parseOrNull(id.toString().replace('-', 'x'))).isNull();
    }
}
