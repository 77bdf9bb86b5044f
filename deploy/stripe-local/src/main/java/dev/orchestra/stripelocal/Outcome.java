package dev.orchestra.stripelocal;

import java.util.List;

/**
 * What a scripted action did: the objects it touched (null when not applicable) and the events it made,
 * in order.
 */
public record Outcome(String customer, String subscription, String invoice, List<String> events) {
}
