package dev.berth.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme and its parameters, for example
 * {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:x/y:pull"}.
 * Parameter names are lowercased; values are unquoted.
 */
public record Challenge(String scheme, Map<String, String> params) {

    public Challenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public boolean isBearer() {
        return scheme.equals("bearer");
    }

    public boolean isBasic() {
        return scheme.equals("basic");
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Every challenge in the given header values (a header may hold several, and a response several headers). */
    public static List<Challenge> parseAll(List<String> headerValues) {
        List<Challenge> out = new ArrayList<>();
        for (String value : headerValues) {
            out.addAll(parse(value));
        }
        return out;
    }

    /** The challenges in one header value; unparseable tails are ignored, never fatal. */
    public static List<Challenge> parse(String header) {
        List<Challenge> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        Cursor c = new Cursor(header);
        while (true) {
            c.skip(" \t,");
            String scheme = c.token();
            if (scheme.isEmpty()) {
                return out;
            }
            Map<String, String> params = new LinkedHashMap<>();
            while (true) {
                c.skip(" \t,");
                int mark = c.pos;
                String name = c.token();
                c.skip(" \t");
                if (name.isEmpty() || !c.eat('=')) {
                    c.pos = mark; // the next scheme, or the end
                    break;
                }
                c.skip(" \t");
                params.put(name.toLowerCase(Locale.ROOT), c.peek() == '"' ? c.quoted() : c.bare());
            }
            out.add(new Challenge(scheme, params));
        }
    }

    /** A position in the header text. */
    private static final class Cursor {
        private static final String TCHAR = "!#$%&'*+-.^_`|~";
        private final String s;
        private int pos;

        Cursor(String s) {
            this.s = s;
        }

        char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        void skip(String chars) {
            while (pos < s.length() && chars.indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        boolean eat(char ch) {
            if (peek() == ch) {
                pos++;
                return true;
            }
            return false;
        }

        String token() {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || TCHAR.indexOf(s.charAt(pos)) >= 0)) {
                pos++;
            }
            return s.substring(start, pos);
        }

        /** An unquoted value: lenient, up to the next comma or blank (some servers leave URLs unquoted). */
        String bare() {
            int start = pos;
            while (pos < s.length() && ", \t".indexOf(s.charAt(pos)) < 0) {
                pos++;
            }
            return s.substring(start, pos);
        }

        String quoted() {
            StringBuilder out = new StringBuilder();
            pos++; // opening quote
            while (pos < s.length()) {
                char ch = s.charAt(pos++);
                if (ch == '"') {
                    return out.toString();
                }
                if (ch == '\\' && pos < s.length()) {
                    ch = s.charAt(pos++);
                }
                out.append(ch);
            }
            return out.toString(); // unterminated: take what is there
        }
    }
}
