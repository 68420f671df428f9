package io.gfsbackup.deploy.infra;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Issues RS256-signed bearer tokens for local runs and tests. The key pair is generated in memory for each run
 * and never written anywhere but the local run's git-ignored {@code .local/} folder: there is no committed
 * signing key. The services verify tokens with {@link #publicKeyPem()} and {@link #ISSUER}
 * ({@code mp.jwt.verify.publickey}, {@code mp.jwt.verify.issuer}).
 *
 * <p>Production deployments use their own identity provider instead; the services only need its public key
 * (or JWKS URL) and issuer, and a {@code groups} claim carrying the roles.
 */
public final class JwtIssuer {

    public static final String ISSUER = "gfs-backup-local";
    /** The audience every token names, and the services check where {@code mp.jwt.verify.audiences} is set. */
    public static final String AUDIENCE = "gfs-backup";
    /** The roles the REST APIs know. */
    public static final String ADMIN = "backup-admin";
    /** May restore (operations service) and read, but changes no policy or rule. */
    public static final String OPERATOR = "backup-operator";
    public static final String VIEWER = "backup-viewer";
    public static final String AUDITOR = "backup-auditor";
    /** Every role, in the order the local run lists their tokens. */
    public static final List<String> ROLES = List.of(ADMIN, OPERATOR, VIEWER, AUDITOR);

    private final KeyPair keys;

    /** An issuer with a new key pair. */
    public JwtIssuer() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    private JwtIssuer(KeyPair keys) {
        this.keys = keys;
    }

    /** The key pair as one string, for {@link #fromEncoded}; a secret, kept in memory only. */
    public String encoded() {
        Base64.Encoder base64 = Base64.getEncoder();
        return base64.encodeToString(keys.getPrivate().getEncoded()) + ":"
                + base64.encodeToString(keys.getPublic().getEncoded());
    }

    /** The issuer whose key pair {@link #encoded()} gave. */
    public static JwtIssuer fromEncoded(String encoded) {
        String[] parts = encoded.split(":");
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new JwtIssuer(new KeyPair(
                    rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(parts[1]))),
                    rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(parts[0])))));
        } catch (GeneralSecurityException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not an encoded key pair", e);
        }
    }

    /** The public key, PEM-encoded (X.509 SubjectPublicKeyInfo). */
    public String publicKeyPem() {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPublic().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }

    /** A token for {@code subject} with the given roles in its {@code groups} claim. */
    public String token(String subject, Collection<String> roles, Duration validFor) {
        return token(subject, roles, validFor, AUDIENCE);
    }

    /** A token for another audience, or valid for a negative time (expired); for tests of what is refused. */
    public String token(String subject, Collection<String> roles, Duration validFor, String audience) {
        Instant now = Instant.now();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String groups = roles.stream().map(r -> "\"" + jsonEscape(r) + "\"").collect(Collectors.joining(","));
        String claims = "{\"iss\":\"" + ISSUER + "\""
                + ",\"sub\":\"" + jsonEscape(subject) + "\""
                + ",\"upn\":\"" + jsonEscape(subject) + "\""
                + ",\"aud\":\"" + jsonEscape(audience) + "\""
                + ",\"groups\":[" + groups + "]"
                + ",\"iat\":" + now.getEpochSecond()
                + ",\"exp\":" + now.plus(validFor).getEpochSecond()
                + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(claims.getBytes(StandardCharsets.UTF_8));
        return signingInput + "." + base64Url(sign(signingInput));
    }

    private byte[] sign(String signingInput) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keys.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String jsonEscape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
