package io.gfsbackup.deploy.testing;

import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Cuts the application off the broker of a {@link KafkaOutageResource} and connects it again. The resource
 * registers its controls as an MBean on the platform MBean server, which a test reaches whatever class loader
 * Quarkus loaded it with.
 */
public final class KafkaOutage {

    static final String OBJECT_NAME = "io.gfsbackup.test:type=KafkaOutage";

    private KafkaOutage() {
    }

    /** The MBean interface of the controls. */
    public interface ControlMBean {
        void disconnect();

        void reconnect();
    }

    /** The controls, bound to one broker. */
    public static final class Control implements ControlMBean {
        private final Runnable disconnect;
        private final Runnable reconnect;

        Control(Runnable disconnect, Runnable reconnect) {
            this.disconnect = disconnect;
            this.reconnect = reconnect;
        }

        @Override
        public void disconnect() {
            disconnect.run();
        }

        @Override
        public void reconnect() {
            reconnect.run();
        }
    }

    static void register(Runnable disconnect, Runnable reconnect) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(OBJECT_NAME);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new Control(disconnect, reconnect), name);
        } catch (JMException e) {
            throw new IllegalStateException("could not register the Kafka outage controls", e);
        }
    }

    static void unregister() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(OBJECT_NAME);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException e) {
            throw new IllegalStateException("could not unregister the Kafka outage controls", e);
        }
    }

    /** Cuts every client off the broker: it is unreachable until {@link #reconnectBroker()}. */
    public static void disconnectBroker() {
        invoke("disconnect");
    }

    /** Lets clients reach the broker again; its topics and records are as they were. */
    public static void reconnectBroker() {
        invoke("reconnect");
    }

    private static void invoke(String operation) {
        try {
            ManagementFactory.getPlatformMBeanServer()
                    .invoke(new ObjectName(OBJECT_NAME), operation, new Object[0], new String[0]);
        } catch (JMException e) {
            throw new IllegalStateException("no KafkaOutageResource is running for this test", e);
        }
    }
}
