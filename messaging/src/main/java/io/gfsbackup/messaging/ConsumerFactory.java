package io.gfsbackup.messaging;

import java.util.Map;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Makes the Kafka consumer of a {@link ConsumerLoop} from its configuration. A service uses {@link #standard()}
 * unless it is given another, which is how a test injects faults (a commit that fails, a broker gone during a
 * commit) into a running service's real consumer.
 */
@FunctionalInterface
public interface ConsumerFactory extends Function<Map<String, Object>, Consumer<String, String>> {

    static ConsumerFactory standard() {
        return config -> new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
