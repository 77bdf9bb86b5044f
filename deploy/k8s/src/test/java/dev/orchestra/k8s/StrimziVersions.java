package dev.orchestra.k8s;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which API versions a Strimzi model property is in. One Java model serves every version of a
 * Strimzi resource; the properties of some versions only carry
 * {@code @io.strimzi.crdgenerator.annotations.PresentInVersions("v1beta2")}, from which Strimzi
 * generates each version's CRD schema. That annotation's class is not published, so reflection
 * cannot see it: this reads it from the class files themselves (a minimal class-file reader), and
 * {@link StrictModels} refuses a property set in a document whose version it is not present in.
 */
final class StrimziVersions {

    private static final String PRESENT_IN_VERSIONS = "Lio/strimzi/crdgenerator/annotations/PresentInVersions;";
    private static final List<String> ORDER = List.of("v1alpha1", "v1beta1", "v1beta2", "v1");
    private static final Map<Class<?>, Map<String, String>> CACHE = new ConcurrentHashMap<>();

    private StrimziVersions() {
    }

    /** Whether the getter {@code method} of {@code type} (or a superclass) is in {@code version}. */
    static boolean present(Class<?> type, String method, String version) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            String range = annotations(c).get(method);
            if (range != null) {
                return inRange(range, version);
            }
        }
        return true;
    }

    /** The range as Strimzi writes it: "v1beta2", "v1beta2+", "v1alpha1-v1beta2", comma-separated. */
    static boolean inRange(String range, String version) {
        int v = ORDER.indexOf(version);
        for (String part : range.split(",")) {
            part = part.trim();
            if (part.endsWith("+")) {
                if (v >= ORDER.indexOf(part.substring(0, part.length() - 1))) {
                    return true;
                }
            } else if (part.contains("-")) {
                String[] bounds = part.split("-");
                if (v >= ORDER.indexOf(bounds[0]) && v <= ORDER.indexOf(bounds[1])) {
                    return true;
                }
            } else if (part.equals(version)) {
                return true;
            }
        }
        return false;
    }

    /** Method name (with "(class)" for the class itself) to its PresentInVersions value. */
    private static Map<String, String> annotations(Class<?> type) {
        return CACHE.computeIfAbsent(type, StrimziVersions::read);
    }

    private static Map<String, String> read(Class<?> type) {
        String resource = "/" + type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            if (in == null) {
                return Map.of();
            }
            return parse(new DataInputStream(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> parse(DataInputStream in) throws IOException {
        in.readInt(); // magic
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        Object[] pool = new Object[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> pool[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                case 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        in.readUnsignedShort(); // access
        in.readUnsignedShort(); // this
        in.readUnsignedShort(); // super
        int interfaces = in.readUnsignedShort();
        for (int i = 0; i < interfaces; i++) {
            in.readUnsignedShort();
        }
        Map<String, String> found = new HashMap<>();
        members(in, pool, found); // fields
        members(in, pool, found); // methods
        attributes(in, pool, "(class)", found);
        return found;
    }

    private static void members(DataInputStream in, Object[] pool, Map<String, String> found) throws IOException {
        int count = in.readUnsignedShort();
        for (int i = 0; i < count; i++) {
            in.readUnsignedShort();
            String name = (String) pool[in.readUnsignedShort()];
            in.readUnsignedShort();
            attributes(in, pool, name, found);
        }
    }

    private static void attributes(DataInputStream in, Object[] pool, String member, Map<String, String> found) throws IOException {
        int count = in.readUnsignedShort();
        for (int i = 0; i < count; i++) {
            String name = (String) pool[in.readUnsignedShort()];
            int length = in.readInt();
            if (name.equals("RuntimeVisibleAnnotations") || name.equals("RuntimeInvisibleAnnotations")) {
                int annotations = in.readUnsignedShort();
                for (int a = 0; a < annotations; a++) {
                    annotation(in, pool, member, found);
                }
            } else {
                in.skipNBytes(length);
            }
        }
    }

    private static void annotation(DataInputStream in, Object[] pool, String member, Map<String, String> found) throws IOException {
        String type = (String) pool[in.readUnsignedShort()];
        int pairs = in.readUnsignedShort();
        for (int p = 0; p < pairs; p++) {
            String element = (String) pool[in.readUnsignedShort()];
            Object value = elementValue(in, pool, member, found);
            if (type.equals(PRESENT_IN_VERSIONS) && element.equals("value")) {
                found.put(member, (String) value);
            }
        }
    }

    private static Object elementValue(DataInputStream in, Object[] pool, String member, Map<String, String> found) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case 's' -> {
                return pool[in.readUnsignedShort()];
            }
            case 'B', 'C', 'D', 'F', 'I', 'J', 'S', 'Z', 'c' -> in.readUnsignedShort();
            case 'e' -> in.readInt();
            case '@' -> annotation(in, pool, member + "/nested", new HashMap<>());
            case '[' -> {
                int n = in.readUnsignedShort();
                for (int i = 0; i < n; i++) {
                    elementValue(in, pool, member, found);
                }
            }
            default -> throw new IOException("unknown annotation element tag " + (char) tag);
        }
        return null;
    }
}
