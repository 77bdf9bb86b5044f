import java.nio.file.Files;
import java.util.Collection;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the topics of topics.txt that do not exist yet, once without a prefix (the stack) and
 * once per extra prefix given (module tests use "test."). Each consumer's dead-letter topic is
 * created too. Run by ./orchestra with Kafka's own jars on the class path:
 * java -cp '.orchestra/kafka/libs/*' deploy/kafka/Topics.java BOOTSTRAP topics.txt [PREFIX...]
 */
public class Topics {

    static final int PARTITIONS = 6;
    static final int DLQ_PARTITIONS = 1;
    /** 4 MiB of record plus batch overhead, as on the broker. */
    static final String MAX_MESSAGE_BYTES = "4325376";

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        List<String> prefixes = new ArrayList<>(List.of(""));
        prefixes.addAll(List.of(args).subList(2, args.length));

        List<NewTopic> wanted = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            String topic = fields[0];
            Map<String, String> config = new HashMap<>(Map.of("max.message.bytes", MAX_MESSAGE_BYTES));
            boolean broadcast = false;
            for (int i = 2; i < fields.length; i++) {
                if (fields[i].equals("broadcast")) {
                    broadcast = true;
                } else {
                    String[] kv = fields[i].split("=", 2);
                    config.put(kv[0], kv[1]);
                }
            }
            if (!config.containsKey("retention.ms")) {
                // How long an erased user's data can stay in a topic is a decision, never a default.
                throw new IllegalArgumentException("topics.txt: " + topic + " states no retention.ms");
            }
            for (String prefix : prefixes) {
                wanted.add(new NewTopic(prefix + topic, PARTITIONS, (short) 1).configs(config));
                if (!broadcast && !fields[1].equals("-")) {
                    for (String consumer : fields[1].split(",")) {
                        // Same config as the source topic: a dead letter of auth.tokens.v1 carries a
                        // one-time token and must not outlive it.
                        wanted.add(new NewTopic(prefix + topic + "." + consumer + ".dlq", DLQ_PARTITIONS, (short) 1)
                                .configs(config));
                    }
                }
            }
        }

        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            // Topics made by an earlier version of this list get its current config.
            Map<ConfigResource, Collection<AlterConfigOp>> alter = new HashMap<>();
            for (NewTopic topic : wanted) {
                if (existing.contains(topic.name())) {
                    alter.put(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()), topic.configs().entrySet().stream()
                            .map(c -> new AlterConfigOp(new ConfigEntry(c.getKey(), c.getValue()), AlterConfigOp.OpType.SET))
                            .toList());
                }
            }
            if (!alter.isEmpty()) {
                admin.incrementalAlterConfigs(alter).all().get();
            }
            System.out.printf("topics: %d wanted, %d created%n", wanted.size(), missing.size());
        }
    }
}
