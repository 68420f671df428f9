package io.gfsbackup.deploy.testing;

/**
 * Takes the broker of a {@link KafkaOutageResource} away and gives it back (a fresh broker on the same port).
 * The controls are kept as plain {@link Runnable}s in the system properties, so a test reaches them whatever class
 * loader Quarkus loaded it with.
 */
public final class KafkaOutage {

    private static final String STOP = "gfs.test.kafka-outage.stop";
    private static final String START = "gfs.test.kafka-outage.start";

    private KafkaOutage() {
    }

    static void register(Runnable stop, Runnable start) {
        System.getProperties().put(STOP, stop);
        System.getProperties().put(START, start);
    }

    static void unregister() {
        System.getProperties().remove(STOP);
        System.getProperties().remove(START);
    }

    /** Stops the broker; clients see it as unreachable. */
    public static void stopBroker() {
        control(STOP).run();
    }

    /** Starts a broker again on the same port, with an empty log. */
    public static void startBroker() {
        control(START).run();
    }

    private static Runnable control(String key) {
        Object control = System.getProperties().get(key);
        if (!(control instanceof Runnable runnable)) {
            throw new IllegalStateException("no KafkaOutageResource is running for this test");
        }
        return runnable;
    }
}
