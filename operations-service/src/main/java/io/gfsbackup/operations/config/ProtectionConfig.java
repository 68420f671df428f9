package io.gfsbackup.operations.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The rules of the protection report ({@code gfs.operations.protection.*}); see docs/operations.md. */
@ConfigMapping(prefix = "gfs.operations.protection")
public interface ProtectionConfig {

    /**
     * Globs ({@code *}, {@code ?}) over a table's name or ARN: a table that no enabled policy selects and that
     * matches one is IGNORED, not UNPROTECTED.
     */
    Optional<List<String>> ignore();
}
