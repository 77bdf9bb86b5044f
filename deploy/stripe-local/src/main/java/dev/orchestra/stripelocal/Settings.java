package dev.orchestra.stripelocal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * How a server runs (see {@link LocalStripe.Builder} for the defaults).
 *
 * @param webhookUrl null: events are recorded (status {@code skipped}) but not sent
 * @param stateFile  null: state lives in memory only
 * @param log        where to write one line per request and per webhook attempt; null for silence
 */
record Settings(String host, int port, String apiKey, String webhookUrl, String webhookSecret, Path stateFile,
        List<ConfiguredPrice> prices, Duration retryInitial, Duration retryMax, int maxAttempts,
        Duration deliveryTimeout, Clock clock, PrintStream log) {
}
