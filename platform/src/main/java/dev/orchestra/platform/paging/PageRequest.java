package dev.orchestra.platform.paging;

import dev.orchestra.platform.error.ApiException;
import java.util.List;
import java.util.function.Function;

/**
 * {@code ?limit=&cursor=} of a keyset list (docs/architecture.md section 2): limit 1..200, 50 by default, 422
 * with {@code details.limit} outside; the cursor decoded for the list's scope. Resources take both
 * query parameters as strings and hand them here, so a bad value is a 422, never JAX-RS's 404.
 */
public record PageRequest(int limit, Keyset after, String scope) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public static PageRequest of(String limit, String cursor, String scope) {
        return new PageRequest(parseLimit(limit), cursor == null || cursor.isEmpty() ? null : Cursors.decodeKeyset(scope, cursor),
                scope);
    }

    public static int parseLimit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.invalid("limit", "Must be a whole number from 1 to " + MAX_LIMIT);
    }

    /** How many rows to fetch: one more than the page, to know whether another page follows. */
    public int fetchSize() {
        return limit + 1;
    }

    /**
     * The page from rows fetched with {@link #fetchSize()} in list order: at most {@code limit} of
     * them, and a cursor after the last when more were found.
     */
    public <E, T> Page<T> page(List<E> rows, Function<E, Keyset> position, Function<E, T> toResource) {
        boolean more = rows.size() > limit;
        List<E> shown = more ? rows.subList(0, limit) : rows;
        String next = more ? Cursors.encode(scope, position.apply(shown.get(shown.size() - 1))) : null;
        return Page.of(shown.stream().map(toResource).toList(), next);
    }
}
