package io.gfsbackup.messaging;

import java.nio.charset.StandardCharsets;
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
 * its topic (partition -1: a decision the retention service could not publish) is not sent: it is for reading. Run it with the classpath of any
 * packaged service (docs/operations.md):
 *
 * <pre>java -cp 'backup-worker/target/quarkus-app/lib/main/*' io.gfsbackup.messaging.DeadLetterReplay \
 *     --bootstrap-servers broker:9092 --dlq backup-due.dlq [--idle PT10S]</pre>
 */
public final class DeadLetterReplay {

    public static final String REPLAYED_FROM = "replayed-from";

    private DeadLetterReplay() {
    }

    /** Replays what {@code dlq} holds beyond the replay group's offset; returns how many letters went back. */
    public static int replay(String bootstrapServers, String dlq, Duration idle, Map<String, Object> clientSettings)
            throws KafkaSender.SendFailedException {
        Map<String, Object> config = new java.util.HashMap<>(clientSettings);
        config.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "gfs-dlq-replay-" + dlq,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        int replayed = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer());
             KafkaSender sender = new KafkaSender(bootstrapServers, "gfs-dlq-replay", Duration.ofSeconds(30),
                     clientSettings)) {
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

    /** {@code --bootstrap-servers HOST:PORT --dlq TOPIC [--idle ISO-8601 duration]}. */
    public static void main(String[] args) throws Exception {
        String bootstrap = null;
        String dlq = null;
        Duration idle = Duration.ofSeconds(10);
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--bootstrap-servers" -> bootstrap = args[i + 1];
                case "--dlq" -> dlq = args[i + 1];
                case "--idle" -> idle = Duration.parse(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --bootstrap-servers HOST:PORT --dlq TOPIC [--idle PT10S]");
            }
        }
        if (bootstrap == null || dlq == null || !dlq.endsWith(".dlq")) {
            System.err.println("usage: DeadLetterReplay --bootstrap-servers HOST:PORT --dlq TOPIC.dlq [--idle PT10S]");
            System.exit(2);
        }
        int replayed = replay(bootstrap, dlq, idle, Map.of());
        System.out.println("replayed " + replayed + " dead letter(s) of " + dlq);
    }
}
