package dev.gdbench.backend.cuda;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * JCuda extracts its native libraries into java.io.tmpdir under fixed names and loads whatever file
 * of that name it finds: processes starting together on one node (a job array) would write and load
 * each other's half-written files. Each process extracts into a folder of its own instead, under
 * the usual temporary folder, removed when the JVM exits.
 */
final class NativeFolder {
    static final String TMPDIR = "java.io.tmpdir";
    private static Path folder;

    private NativeFolder() {}

    /**
     * Runs {@code load} (the first touch of a JCuda class, whose static initialiser extracts and
     * loads its library) with java.io.tmpdir pointing at this process's folder, then restores it.
     */
    static synchronized void loading(Runnable load) {
        String original = System.getProperty(TMPDIR);
        try {
            System.setProperty(TMPDIR, folder().toString());
            load.run();
        } finally {
            System.setProperty(TMPDIR, original);
            removeOnExit();
        }
    }

    static synchronized Path folder() {
        if (folder == null) {
            try {
                folder = Files.createTempDirectory("gdbench-jcuda-" + ProcessHandle.current().pid() + "-");
            } catch (IOException e) {
                throw new IllegalStateException("cannot create a folder for JCuda's natives in "
                        + System.getProperty(TMPDIR) + ": " + e.getMessage(), e);
            }
            folder.toFile().deleteOnExit();  // registered first: deleted last, once the files are gone
        }
        return folder;
    }

    /** The extracted libraries stay loaded after their files are gone; the folder goes with them. */
    private static void removeOnExit() {
        try (Stream<Path> files = Files.list(folder)) {
            files.map(Path::toFile).forEach(File::deleteOnExit);
        } catch (IOException e) {
            // Nothing to remove, or it cannot be listed: leaving a few files in the temporary folder is harmless.
        }
    }
}
