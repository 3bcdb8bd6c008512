package dev.gdbench.backend.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where the dynamic linker would find a shared library by soname: LD_LIBRARY_PATH, the linker
 * cache ({@code ldconfig -p}), then the CUDA toolkit's usual folders. Asked before loading, because
 * a native library that fails to load leaves its JCuda class unusable for the life of the JVM.
 */
final class SharedLibraries {
    static final List<String> TOOLKIT_FOLDERS = List.of("/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib");
    /** ldconfig answers in milliseconds; a hung one must not hang gdbench. */
    static final long LDCONFIG_TIMEOUT_SECONDS = 5;

    private SharedLibraries() {}

    static Optional<Path> find(String soname) {
        List<String> folders = new ArrayList<>();
        String ldLibraryPath = System.getenv("LD_LIBRARY_PATH");
        if (ldLibraryPath != null) {
            folders.addAll(List.of(ldLibraryPath.split(":")));
        }
        for (String folder : folders) {
            Path candidate = Path.of(folder.isEmpty() ? "." : folder, soname);
            if (Files.exists(candidate)) {
                return Optional.of(candidate);
            }
        }
        Optional<Path> cached = fromLinkerCache(soname);
        if (cached.isPresent()) {
            return cached;
        }
        return TOOLKIT_FOLDERS.stream().map(f -> Path.of(f, soname)).filter(Files::exists).findFirst();
    }

    /** Lines of {@code ldconfig -p} read like "libcublas.so.12 (libc6,x86-64) => /usr/lib/.../libcublas.so.12". */
    static Optional<Path> parseLinkerCache(String listing, String soname) {
        for (String line : listing.split("\n")) {
            String trimmed = line.strip();
            int arrow = trimmed.indexOf("=>");
            if (trimmed.startsWith(soname + " ") && arrow > 0 && trimmed.contains("x86-64")) {
                return Optional.of(Path.of(trimmed.substring(arrow + 2).strip()));
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> fromLinkerCache(String soname) {
        for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig")) {
            if (!Files.isExecutable(Path.of(ldconfig))) {
                continue;
            }
            try {
                Process process = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
                String listing = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (process.waitFor(LDCONFIG_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    return parseLinkerCache(listing, soname);
                }
                process.destroy();
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
