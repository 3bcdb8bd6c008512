package dev.gdbench.cli;

import dev.gdbench.result.RunMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * The commit this build was made from, as native/build-commit.sh recorded it at build time, and
 * whether the tree had uncommitted changes then; unknown for a build outside a git checkout.
 */
record BuildCommit(Optional<String> commit, boolean dirty) {
    static final String RESOURCE = "/dev/gdbench/build-commit.properties";
    /** Enough hex digits to name a commit unambiguously in any repository of this size. */
    static final int SHORT_LENGTH = 12;

    static BuildCommit ofThisBuild() {
        try (InputStream in = BuildCommit.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return new BuildCommit(Optional.empty(), false);
            }
            Properties properties = new Properties();
            properties.load(in);
            return new BuildCommit(Optional.ofNullable(properties.getProperty("commit")),
                    Boolean.parseBoolean(properties.getProperty("dirty")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** {@code commit 21fcca80aa05}, with {@code (uncommitted changes)} after it if so, or {@code commit unknown}. */
    String describe() {
        return commit.map(c -> "commit " + c.substring(0, Math.min(SHORT_LENGTH, c.length()))
                + (dirty ? " (uncommitted changes)" : "")).orElse("commit unknown");
    }

    /** meta.json's {@code commit} (the full hash, or "unknown") and {@code commit_dirty} (null when unknown). */
    RunMetadata addTo(RunMetadata meta) {
        return meta.put("commit", commit.orElse("unknown")).put("commit_dirty", commit.isPresent() ? dirty : null);
    }
}
