package io.gfsbackup.messaging;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Sends the dead letters of a DLQ back to the topics they came from, once their cause is fixed: every consumer
 * handles a message idempotently, so a replayed one that had in fact taken effect changes nothing.
 *
 * <p>Each dead letter goes back to the topic named in its {@value DeadLetters#TOPIC} header, with its key and value
 * unchanged and a {@value #REPLAYED_FROM} header naming where it was. The replay reads the DLQ as the consumer group
 * {@code gfs-dlq-replay-<dlq>} and commits after each batch is acknowledged, so running it again sends only what
 * arrived since; it stops when the DLQ has had nothing new for the idle time. A letter that never was a record of
 * its topic (partition -1: a decision the retention service could not publish) is not sent: it is for reading.
 * Run it with the classpath of any packaged service (docs/operations.md); on a broker that wants TLS or SASL, give
 * the client settings in a Kafka client properties file, as Kafka's own tools take them:
 *
 * <pre>java -cp 'backup-worker/target/quarkus-app/lib/main/*' io.gfsbackup.messaging.DeadLetterReplay \
 *     --bootstrap-servers broker:9092 --dlq backup-due.dlq [--idle PT10S] [--command-config client.properties]</pre>
 */
public final class DeadLetterReplay {

    public static final String REPLAYED_FROM = "replayed-from";

    private DeadLetterReplay() {
    }

    /** Replays what {@code dlq} holds beyond the replay group's offset; returns how many letters went back. */
    public static int replay(KafkaClientSettings settings, String dlq, Duration idle)
            throws KafkaSender.SendFailedException {
        Map<String, Object> config = settings.with(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "gfs-dlq-replay-" + dlq,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        int replayed = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer());
             KafkaSender sender = new KafkaSender(settings, "gfs-dlq-replay", Duration.ofSeconds(30))) {
            consumer.subscribe(List.of(dlq));
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < idle.toNanos()) {
                ConsumerRecords<String, String> letters = consumer.poll(Duration.ofMillis(500));
                if (letters.isEmpty()) {
                    continue;
                }
                List<ProducerRecord<String, String>> back = new ArrayList<>(letters.count());
                for (ConsumerRecord<String, String> letter : letters) {
                    if (!"-1".equals(DeadLetters.header(letter.headers(), DeadLetters.PARTITION))) {
                        back.add(backToItsTopic(letter));
                    }
                }
                sender.sendAll(back);
                consumer.commitSync();
                replayed += back.size();
                quietSince = System.nanoTime();
            }
        }
        return replayed;
    }

    private static ProducerRecord<String, String> backToItsTopic(ConsumerRecord<String, String> letter) {
        String topic = DeadLetters.header(letter.headers(), DeadLetters.TOPIC);
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException(letter.topic() + "@" + letter.offset() + " has no "
                    + DeadLetters.TOPIC + " header: it is not a dead letter of this system");
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(REPLAYED_FROM, (letter.topic() + "-" + letter.partition() + "@" + letter.offset())
                .getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, letter.key(), letter.value(), headers);
    }

    /** {@code --bootstrap-servers HOST:PORT --dlq TOPIC.dlq [--idle PT10S] [--command-config FILE]}. */
    public static void main(String[] args) throws Exception {
        Command command;
        try {
            command = Command.parse(args);
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int replayed = replay(command.settings(), command.dlq(), command.idle());
        System.out.println("replayed " + replayed + " dead letter(s) of " + command.dlq());
    }

    /** What the command line asks for: the client settings (the file's, with the given brokers), DLQ and idle time. */
    record Command(KafkaClientSettings settings, String dlq, Duration idle) {

        static final String USAGE = "usage: DeadLetterReplay --bootstrap-servers HOST:PORT --dlq TOPIC.dlq "
                + "[--idle PT10S] [--command-config CLIENT.PROPERTIES]";

        static Command parse(String... args) throws java.io.IOException {
            String bootstrap = null;
            String dlq = null;
            Duration idle = Duration.ofSeconds(10);
            KafkaClientSettings settings = KafkaClientSettings.of(Map.of());
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException("every option takes a value; " + USAGE);
            }
            for (int i = 0; i < args.length; i += 2) {
                switch (args[i]) {
                    case "--bootstrap-servers" -> bootstrap = args[i + 1];
                    case "--dlq" -> dlq = args[i + 1];
                    case "--idle" -> idle = Duration.parse(args[i + 1]);
                    case "--command-config" -> settings = KafkaClientSettings.load(Path.of(args[i + 1]));
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
                }
            }
            if (bootstrap == null || dlq == null || !dlq.endsWith(".dlq")) {
                throw new IllegalArgumentException(USAGE);
            }
            return new Command(settings.withBootstrapServers(bootstrap), dlq, idle);
        }
    }
}
