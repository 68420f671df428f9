package io.gfsbackup.deploy.testing;

import java.util.Map;

import io.gfsbackup.deploy.infra.JwtIssuer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Makes the application trust the test token issuer: {@code @WithTestResource(JwtResource.class)}; tests get
 * tokens from {@link Tokens}.
 */
public class JwtResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "mp.jwt.verify.publickey", SharedInfrastructure.jwt().publicKeyPem(),
                "mp.jwt.verify.issuer", JwtIssuer.ISSUER,
                "mp.jwt.verify.audiences", JwtIssuer.AUDIENCE);
    }

    @Override
    public void stop() {
        // nothing to stop
    }
}
