package io.gfsbackup.deploy.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class JwtIssuerTest {

    @Test
    void aTokenIsSignedByThePublishedKeyAndCarriesTheRolesAsGroups() throws Exception {
        JwtIssuer issuer = new JwtIssuer();
        String token = issuer.token("alice", List.of(JwtIssuer.ADMIN), Duration.ofHours(1));
        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);

        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey(issuer.publicKeyPem()));
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();

        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"iss\":\"gfs-backup-local\"", "\"upn\":\"alice\"", "\"groups\":[\"backup-admin\"]");
    }

    @Test
    void aTokenFromAnotherIssuerInstanceDoesNotVerifyWithThisKey() throws Exception {
        String foreign = new JwtIssuer().token("mallory", List.of(JwtIssuer.ADMIN), Duration.ofHours(1));
        String[] parts = foreign.split("\\.");
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey(new JwtIssuer().publicKeyPem()));
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isFalse();
    }

    private static PublicKey publicKey(String pem) throws Exception {
        String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
