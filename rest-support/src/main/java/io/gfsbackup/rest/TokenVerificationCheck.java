package io.gfsbackup.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * A REST service in production refuses to start unless it can verify bearer tokens: without a verification key (or
 * a JWKS location) and an issuer it would answer every call with 401, or, worse, trust a development default. The
 * audience is checked whenever {@code mp.jwt.verify.audiences} is set. Dev and test runs are not checked.
 */
@ApplicationScoped
public class TokenVerificationCheck {

    static final List<String> KEY_SETTINGS = List.of("mp.jwt.verify.publickey", "mp.jwt.verify.publickey.location",
            "smallrye.jwt.verify.key.location");
    static final String ISSUER = "mp.jwt.verify.issuer";

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            List<String> missing = missing(name -> ConfigProvider.getConfig().getOptionalValue(name, String.class));
            if (!missing.isEmpty()) {
                throw new IllegalStateException("refusing to start: bearer tokens cannot be verified; set "
                        + String.join(" and ", missing) + " (docs/api.md, Security)");
            }
        }
    }

    /** What is missing for token verification, as settings to set; empty when nothing is. */
    static List<String> missing(Function<String, Optional<String>> config) {
        List<String> missing = new ArrayList<>();
        if (KEY_SETTINGS.stream().map(config).noneMatch(TokenVerificationCheck::present)) {
            missing.add("one of " + String.join(", ", KEY_SETTINGS) + " (the issuer's public key or its JWKS)");
        }
        if (!present(config.apply(ISSUER))) {
            missing.add(ISSUER + " (the issuer the tokens must name)");
        }
        return missing;
    }

    private static boolean present(Optional<String> value) {
        return value.filter(text -> !text.isBlank()).isPresent();
    }
}
