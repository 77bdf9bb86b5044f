package dev.orchestra.billing.domain;

import java.util.Arrays;
import java.util.Optional;

/** How often the pro plan is paid: its monthly or its yearly price. */
public enum Interval {
    MONTH("month"),
    YEAR("year");

    private final String id;

    Interval(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Interval> of(String id) {
        return Arrays.stream(values()).filter(i -> i.id.equals(id)).findFirst();
    }
}
