package io.gfsbackup.worker.support;

import java.util.HashMap;
import java.util.Map;

import io.gfsbackup.deploy.infra.MotoServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A second moto server, of its own, for the ledger: {@code @WithTestResource(LedgerMotoResource.class)} points
 * {@code gfs.worker.ledger.endpoint-override} (and the ledger's region) at it, while {@code MotoResource} keeps the
 * worker's own client, and so the backups, on the shared moto.
 *
 * <p>The ledger's own client takes its credentials from the default AWS chain, like the worker's other-region
 * clients. Tests have no AWS credentials, so while this resource runs it sets moto's (which moto accepts) as the
 * {@code aws.accessKeyId} and {@code aws.secretAccessKey} system properties, the chain's first source, and puts back
 * what was there when it stops.
 */
public class LedgerMotoResource implements QuarkusTestResourceLifecycleManager {

    private static final String ACCESS_KEY_PROPERTY = "aws.accessKeyId";
    private static final String SECRET_KEY_PROPERTY = "aws.secretAccessKey";

    private MotoServer moto;
    private final Map<String, String> previous = new HashMap<>();

    @Override
    public Map<String, String> start() {
        moto = MotoServer.start();
        setProperty(ACCESS_KEY_PROPERTY, MotoServer.ACCESS_KEY_ID);
        setProperty(SECRET_KEY_PROPERTY, MotoServer.SECRET_ACCESS_KEY);
        return Map.of(
                "gfs.worker.ledger.endpoint-override", moto.endpoint().toString(),
                "gfs.worker.ledger.region", MotoServer.REGION);
    }

    private void setProperty(String name, String value) {
        previous.put(name, System.getProperty(name));
        System.setProperty(name, value);
    }

    @Override
    public void stop() {
        previous.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
        previous.clear();
        if (moto != null) {
            moto.close();
        }
    }
}
