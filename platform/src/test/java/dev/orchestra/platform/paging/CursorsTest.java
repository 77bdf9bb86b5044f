package dev.orchestra.platform.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.error.ErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CursorsTest {

    private static void refusedAsCursor(Runnable decode) {
        assertThatThrownBy(decode::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
            assertThat(e.details()).containsKey("cursor");
        });
    }

    @Test
    void aKeysetCursorRoundTripsAtMicrosecondPrecision() {
        Keyset position = new Keyset(Instant.parse("2026-11-25T10:15:30.123456789Z"), UUID.randomUUID());
        assertThat(position.createdAt()).isEqualTo(Instant.parse("2026-11-25T10:15:30.123456Z"));
        String cursor = Cursors.encode("projects:u1", position);
        assertThat(cursor).doesNotContain("projects").matches("[A-Za-z0-9_-]+");
        assertThat(Cursors.decodeKeyset("projects:u1", cursor)).isEqualTo(position);
    }

    @Test
    void aCursorOfAnotherScopeOrGarbageIsA422OnTheCursorField() {
        String cursor = Cursors.encode("projects:u1", new Keyset(Instant.now(), UUID.randomUUID()));
        refusedAsCursor(() -> Cursors.decodeKeyset("projects:u2", cursor));
        refusedAsCursor(() -> Cursors.decodeKeyset("files:u1", cursor));
        refusedAsCursor(() -> Cursors.decodeKeyset("projects:u1", "garbage!"));
        refusedAsCursor(() -> Cursors.decodeKeyset("projects:u1", "Zm9v"));
        refusedAsCursor(() -> Cursors.decodeKeyset("projects:u1", Cursors.encode("projects:u1", "12|not-a-uuid")));
        refusedAsCursor(() -> Cursors.decode("projects:u1", "x".repeat(2000)));
        // A hand-made position in a year the database cannot store.
        refusedAsCursor(() -> Cursors.decodeKeyset("projects:u1", Cursors.encode("projects:u1", "-9000000000000000000|" + UUID.randomUUID())));
        refusedAsCursor(() -> Cursors.decodeKeyset("projects:u1", Cursors.encode("projects:u1", "9000000000000000000|" + UUID.randomUUID())));
    }

    @Test
    void limitsOutsideOneTo200AreA422() {
        assertThat(PageRequest.parseLimit(null)).isEqualTo(50);
        assertThat(PageRequest.parseLimit("1")).isEqualTo(1);
        assertThat(PageRequest.parseLimit("200")).isEqualTo(200);
        for (String bad : List.of("0", "201", "-1", "abc", "1.5", "99999999999")) {
            assertThatThrownBy(() -> PageRequest.parseLimit(bad)).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.details()).containsOnlyKeys("limit"));
        }
    }

    @Test
    void aPageShowsAtMostLimitRowsAndACursorAfterTheLastWhenMoreFollow() {
        PageRequest request = PageRequest.of("2", null, "s");
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<Keyset> rows = List.of(new Keyset(t, UUID.randomUUID()), new Keyset(t, UUID.randomUUID()),
                new Keyset(t, UUID.randomUUID()));
        Page<String> page = request.page(rows, r -> r, r -> r.id().toString());
        assertThat(page.data()).hasSize(2);
        assertThat(Cursors.decodeKeyset("s", page.meta().nextCursor())).isEqualTo(rows.get(1));
        assertThat(request.page(rows.subList(0, 2), r -> r, r -> r).meta().nextCursor()).isNull();
        assertThat(Map.of("k", request.fetchSize())).containsEntry("k", 3);
    }
}
