package dev.orchestra.publicapi;

import dev.orchestra.publicapi.NginxConfig.Directive;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The gateway's routing table, read from its nginx template: which upstream a public path reaches,
 * and what the gateway itself applies on the way (a rate limit, a body limit). It follows nginx's
 * rules for the locations the template uses: an exact match first, else the longest prefix, then
 * the regular expressions nested in it in order. Paths the gateway refuses whatever the route (any
 * spelling of {@code /q}) reach nothing.
 */
final class GatewayRoutes {

    /** Where a path goes: the upstream's name, whether a per-client rate limit applies, the body limit in bytes. */
    record Route(String upstream, boolean rateLimited, long maxBodyBytes) {
    }

    private record Location(String modifier, String match, Directive directive, Location parent) {
    }

    private static final Pattern INTERNAL = Pattern.compile("(^|/)q(/|$)");

    private final List<Location> exact = new ArrayList<>();
    private final List<Location> prefixes = new ArrayList<>();
    private final long serverBodyLimit;

    private GatewayRoutes(Directive server) {
        this.serverBodyLimit = bytes(server.first("client_max_body_size"), 1024 * 1024);
        for (Directive location : server.all("location")) {
            Location top = location(location, null);
            if (location.has("internal")) {
                continue;
            }
            (top.modifier.equals("=") ? exact : prefixes).add(top);
        }
        prefixes.sort(Comparator.comparingInt((Location location) -> location.match.length()).reversed());
    }

    static GatewayRoutes of(String template) {
        Directive server = NginxConfig.parse(template).stream().filter(directive -> directive.name().equals("server")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the gateway template has no server block"));
        return new GatewayRoutes(server);
    }

    /** The route of a request path, if the gateway passes it to a service. */
    Optional<Route> route(String path) {
        if (INTERNAL.matcher(path).find()) {
            return Optional.empty();
        }
        Location chosen = exact.stream().filter(location -> location.match.equals(path)).findFirst().orElse(null);
        if (chosen == null) {
            chosen = prefixes.stream().filter(location -> path.startsWith(location.match)).findFirst().orElse(null);
            if (chosen != null) {
                chosen = nested(chosen, path);
            }
        }
        if (chosen == null) {
            return Optional.empty();
        }
        // Unlike the limits, proxy_pass is not inherited by nested locations.
        String upstream = chosen.directive.first("proxy_pass");
        if (upstream == null) {
            return Optional.empty();
        }
        return Optional.of(new Route(upstream.replaceFirst("^https?://", ""), inherited(chosen, "limit_req") != null,
                bytes(inherited(chosen, "client_max_body_size"), serverBodyLimit)));
    }

    private static Location nested(Location outer, String path) {
        for (Directive inner : outer.directive.all("location")) {
            Location location = location(inner, outer);
            boolean matches = switch (location.modifier) {
                case "=" -> location.match.equals(path);
                case "~" -> Pattern.compile(location.match).matcher(path).find();
                case "~*" -> Pattern.compile(location.match, Pattern.CASE_INSENSITIVE).matcher(path).find();
                default -> path.startsWith(location.match);
            };
            if (matches) {
                return nested(location, path);
            }
        }
        return outer;
    }

    private static Location location(Directive directive, Location parent) {
        List<String> args = directive.args();
        return args.size() == 1 ? new Location("", args.get(0), directive, parent)
                : new Location(args.get(0), args.get(1), directive, parent);
    }

    /** A directive's value in this location or the nearest enclosing one (nginx's inheritance). */
    private static String inherited(Location location, String directive) {
        for (Location at = location; at != null; at = at.parent) {
            String value = at.directive.first(directive);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static long bytes(String size, long otherwise) {
        if (size == null) {
            return otherwise;
        }
        String lower = size.toLowerCase(java.util.Locale.ROOT);
        long unit = lower.endsWith("k") ? 1024 : lower.endsWith("m") ? 1024 * 1024 : lower.endsWith("g") ? 1024L * 1024 * 1024 : 1;
        return Long.parseLong(unit == 1 ? lower : lower.substring(0, lower.length() - 1)) * unit;
    }
}
