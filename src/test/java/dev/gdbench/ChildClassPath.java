package dev.gdbench;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The class path a child JVM started by a test needs. Under Maven, surefire names it; under the
 * JUnit console launcher (the GPU machines' .carry/tests/run.sh) java.class.path is the launcher
 * alone, so it is rebuilt from where the given classes were loaded from.
 */
public final class ChildClassPath {
    private ChildClassPath() {}

    /** @param classes one class from each location the child needs (its main class, the tool's classes ...) */
    public static String of(Class<?>... classes) {
        String surefire = System.getProperty("surefire.test.class.path");
        if (surefire != null) {
            return surefire;
        }
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> type : classes) {
            try {
                entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("no location for " + type, e);
            }
        }
        entries.add(System.getProperty("java.class.path"));
        return String.join(File.pathSeparator, entries);
    }
}
