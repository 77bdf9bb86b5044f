package dev.orchestra.platform.paging;

import java.util.List;

/** A list body: {@code {"data": [...], "meta": {"next_cursor": "..." | null}}} (docs/architecture.md section 2). */
public record Page<T>(List<T> data, Meta meta) {

    public record Meta(String nextCursor) {
    }

    public static <T> Page<T> of(List<T> data, String nextCursor) {
        return new Page<>(data, new Meta(nextCursor));
    }
}
