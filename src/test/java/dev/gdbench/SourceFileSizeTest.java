package dev.gdbench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** No main source file grows past what one reader holds at once: split it along the parts it already has. */
class SourceFileSizeTest {
    static final int MAX_LINES = 450;

    @Test
    void noJavaSourceFileExceedsTheLimit() throws IOException {
        List<String> tooLong;
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            tooLong = files.filter(file -> file.toString().endsWith(".java")).filter(file -> lines(file) > MAX_LINES)
                    .map(file -> file + ": " + lines(file) + " lines").sorted().toList();
        }
        assertEquals(List.of(), tooLong, "files over " + MAX_LINES + " lines");
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new IllegalStateException(file.toString(), e);
        }
    }
}
