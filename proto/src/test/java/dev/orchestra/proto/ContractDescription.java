package dev.orchestra.proto;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The wire-relevant shape of our contracts, one line per element, in a stable order:
 * <pre>
 * field orchestra.events.v1.User 2 email string
 * enum orchestra.events.v1.MutationRejected.Reason 1 REASON_STALE_VERSION
 * rpc orchestra.engine.v1.Engine IndexFile orchestra.engine.v1.IndexFileRequest orchestra.engine.v1.IndexFileResponse
 * </pre>
 * and what each message and enum reserves ({@code reserved orchestra.events.v1.User 4}), which is
 * what allows an element to disappear — and what may never come back.
 */
record ContractDescription(Map<String, String> elements, Map<String, Set<Integer>> reservedNumbers) {

    private static final Pattern JAVA_PACKAGE = Pattern.compile("option\\s+java_package\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern OUTER_CLASS = Pattern.compile("option\\s+java_outer_classname\\s*=\\s*\"([^\"]+)\"");

    /** Every .proto file under the source root, through the descriptors compiled into this module. */
    static ContractDescription ofSources(Path protoRoot) {
        Map<String, String> elements = new TreeMap<>();
        Map<String, Set<Integer>> reserved = new TreeMap<>();
        try (Stream<Path> files = Files.walk(protoRoot)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".proto")).sorted().toList()) {
                FileDescriptor descriptor = descriptorOf(Files.readString(file), file);
                descriptor.getMessageTypes().forEach(m -> describe(m, elements, reserved));
                descriptor.getEnumTypes().forEach(e -> describe(e, elements, reserved));
                descriptor.getServices().forEach(s -> describe(s, elements));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ContractDescription(elements, reserved);
    }

    /** Reads a baseline written by {@link #lines()}. */
    static ContractDescription parse(List<String> lines) {
        Map<String, String> elements = new TreeMap<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(" ");
            elements.put(key(parts[0], parts[1], parts[2]), line);
        }
        return new ContractDescription(elements, Map.of());
    }

    List<String> lines() {
        return new ArrayList<>(elements.values());
    }

    /**
     * What a consumer or producer built on {@code baseline} would misread under this contract: an
     * element removed without reserving its number, or one whose number now means something else.
     */
    List<String> breakingChangesSince(ContractDescription baseline) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> entry : baseline.elements.entrySet()) {
            String was = entry.getValue();
            String now = elements.get(entry.getKey());
            String[] parts = was.split(" ");
            if (now == null && parts[0].equals("reserved")) {
                problems.add("no longer reserved (a number once used must never be used again): " + was);
            } else if (now == null) {
                boolean isReserved = !parts[0].equals("rpc")
                        && reservedNumbers.getOrDefault(parts[1], Set.of()).contains(Integer.parseInt(parts[2]));
                if (!isReserved) {
                    problems.add("removed without reserving its number: " + was);
                }
            } else if (!now.equals(was)) {
                problems.add("changed (a reused number, a new type or label, or a rename): was '" + was + "', now '" + now + "'");
            }
        }
        return problems;
    }

    private static String key(String kind, String owner, String number) {
        return kind + " " + owner + " " + number;
    }

    private static void describe(Descriptor message, Map<String, String> elements, Map<String, Set<Integer>> reserved) {
        DescriptorProto proto = message.toProto();
        Set<Integer> numbers = new TreeSet<>();
        proto.getReservedRangeList().forEach(r -> {
            for (int n = r.getStart(); n < r.getEnd(); n++) {
                numbers.add(n);
            }
        });
        reserved.put(message.getFullName(), numbers);
        numbers.forEach(n -> elements.put(key("reserved", message.getFullName(), String.valueOf(n)),
                "reserved " + message.getFullName() + " " + n));
        for (FieldDescriptor field : message.getFields()) {
            String label = field.isRepeated() ? "repeated " : field.toProto().getProto3Optional() ? "optional " : "";
            String type = switch (field.getType()) {
                case MESSAGE, GROUP -> field.getMessageType().getFullName();
                case ENUM -> field.getEnumType().getFullName();
                default -> field.getType().name().toLowerCase();
            };
            String number = String.valueOf(field.getNumber());
            elements.put(key("field", message.getFullName(), number),
                    "field " + message.getFullName() + " " + number + " " + field.getName() + " " + label + type);
        }
        message.getNestedTypes().forEach(m -> describe(m, elements, reserved));
        message.getEnumTypes().forEach(e -> describe(e, elements, reserved));
    }

    private static void describe(EnumDescriptor enumType, Map<String, String> elements, Map<String, Set<Integer>> reserved) {
        EnumDescriptorProto proto = enumType.toProto();
        Set<Integer> numbers = new TreeSet<>();
        proto.getReservedRangeList().forEach(r -> {
            for (int n = r.getStart(); n <= r.getEnd(); n++) {
                numbers.add(n);
            }
        });
        reserved.put(enumType.getFullName(), numbers);
        numbers.forEach(n -> elements.put(key("reserved", enumType.getFullName(), String.valueOf(n)),
                "reserved " + enumType.getFullName() + " " + n));
        for (EnumValueDescriptor value : enumType.getValues()) {
            String number = String.valueOf(value.getNumber());
            elements.put(key("enum", enumType.getFullName(), number),
                    "enum " + enumType.getFullName() + " " + number + " " + value.getName());
        }
    }

    private static void describe(ServiceDescriptor service, Map<String, String> elements) {
        for (MethodDescriptor method : service.getMethods()) {
            elements.put(key("rpc", service.getFullName(), method.getName()),
                    "rpc " + service.getFullName() + " " + method.getName() + " " + method.getInputType().getFullName()
                            + " " + method.getOutputType().getFullName());
        }
    }

    /** The compiled descriptor of a .proto file, found through its java_package and java_outer_classname. */
    private static FileDescriptor descriptorOf(String source, Path file) {
        Matcher javaPackage = JAVA_PACKAGE.matcher(source);
        Matcher outerClass = OUTER_CLASS.matcher(source);
        if (!javaPackage.find() || !outerClass.find()) {
            throw new IllegalStateException(file + " must set java_package and java_outer_classname");
        }
        try {
            Class<?> outer = Class.forName(javaPackage.group(1) + "." + outerClass.group(1));
            return (FileDescriptor) outer.getMethod("getDescriptor").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no compiled descriptor for " + file, e);
        }
    }
}
