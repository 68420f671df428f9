package io.gfsbackup.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class TokenVerificationCheckTest {

    @Test
    void withoutAKeyAndAnIssuerBothAreNamed() {
        assertThat(TokenVerificationCheck.missing(name -> Optional.empty())).containsExactly(
                "one of mp.jwt.verify.publickey, mp.jwt.verify.publickey.location, "
                        + "smallrye.jwt.verify.key.location (the issuer's public key or its JWKS)",
                "mp.jwt.verify.issuer (the issuer the tokens must name)");
    }

    @Test
    void aBlankSettingCountsAsMissing() {
        Map<String, String> config = Map.of("mp.jwt.verify.publickey.location", " ", "mp.jwt.verify.issuer", "idp");
        assertThat(TokenVerificationCheck.missing(name -> Optional.ofNullable(config.get(name)))).hasSize(1);
    }

    @Test
    void aKeyLocationOrJwksAndAnIssuerAreEnough() {
        Map<String, String> config = Map.of("smallrye.jwt.verify.key.location", "https://idp/jwks",
                "mp.jwt.verify.issuer", "https://idp");
        assertThat(TokenVerificationCheck.missing(name -> Optional.ofNullable(config.get(name)))).isEmpty();
    }
}
