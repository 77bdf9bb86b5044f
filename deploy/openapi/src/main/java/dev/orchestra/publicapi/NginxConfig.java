package dev.orchestra.publicapi;

import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of nginx's configuration syntax to read the gateway's template: directives ending in
 * {@code ;} and blocks in braces, quoted strings kept whole (a {@code return 200 '{...}'} has braces
 * inside), comments dropped. Variables such as {@code ${AUTH_ADDR}} stay as they are.
 */
final class NginxConfig {

    /** A directive: its name, its arguments, and the directives of its block (empty without one). */
    record Directive(String name, List<String> args, List<Directive> block) {

        List<Directive> all(String directive) {
            return block.stream().filter(child -> child.name.equals(directive)).toList();
        }

        boolean has(String directive) {
            return block.stream().anyMatch(child -> child.name.equals(directive));
        }

        /** The first argument of the first such directive in this block, or null. */
        String first(String directive) {
            return block.stream().filter(child -> child.name.equals(directive) && !child.args.isEmpty())
                    .map(child -> child.args.get(0)).findFirst().orElse(null);
        }
    }

    private final List<String> tokens;
    private int next;

    private NginxConfig(List<String> tokens) {
        this.tokens = tokens;
    }

    /** The top-level directives of a configuration file (or snippet). */
    static List<Directive> parse(String text) {
        NginxConfig parser = new NginxConfig(tokenize(text));
        List<Directive> directives = parser.block(false);
        return directives;
    }

    private List<Directive> block(boolean nested) {
        List<Directive> directives = new ArrayList<>();
        while (next < tokens.size()) {
            String token = tokens.get(next++);
            if (token.equals("}")) {
                if (!nested) {
                    throw new IllegalArgumentException("an unmatched '}' in the gateway template");
                }
                return directives;
            }
            List<String> args = new ArrayList<>();
            while (true) {
                if (next >= tokens.size()) {
                    throw new IllegalArgumentException("the gateway template ends inside '" + token + "'");
                }
                String arg = tokens.get(next++);
                if (arg.equals(";")) {
                    directives.add(new Directive(token, args, List.of()));
                    break;
                }
                if (arg.equals("{")) {
                    directives.add(new Directive(token, args, block(true)));
                    break;
                }
                args.add(arg);
            }
        }
        if (nested) {
            throw new IllegalArgumentException("a '{' without its '}' in the gateway template");
        }
        return directives;
    }

    private static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '{' || c == '}' || c == ';') {
                tokens.add(String.valueOf(c));
                i++;
            } else if (c == '\'' || c == '"') {
                int end = text.indexOf(c, i + 1);
                while (end > 0 && text.charAt(end - 1) == '\\') {
                    end = text.indexOf(c, end + 1);
                }
                if (end < 0) {
                    throw new IllegalArgumentException("an unterminated quote in the gateway template");
                }
                tokens.add(text.substring(i + 1, end));
                i = end + 1;
            } else {
                int start = i;
                // A word ends at whitespace or ';'. Braces inside a word belong to it: ${VAR}, regex {4}.
                while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != ';'
                        && !(text.charAt(i) == '{' && (i == start || text.charAt(i - 1) != '$') && isBlockOpen(text, i))) {
                    i++;
                }
                tokens.add(text.substring(start, i));
            }
        }
        return tokens;
    }

    /** A '{' opens a block when only whitespace or a line end follows before the next token. */
    private static boolean isBlockOpen(String text, int at) {
        return at + 1 >= text.length() || Character.isWhitespace(text.charAt(at + 1));
    }
}
