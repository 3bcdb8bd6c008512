package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The version line and meta.json name the commit the build came from, or say it is unknown. */
class BuildCommitTest {
    private static final Path SCRIPT = Path.of("native", "build-commit.sh");

    @TempDir
    Path temp;

    @Test
    void versionLineNamesTheCommitOrSaysUnknown() {
        CliRunner.Outcome outcome = CliRunner.run("--version");
        assertEquals(0, outcome.exitCode());
        assertTrue(outcome.out().strip().matches("gdbench \\S.*, commit ([0-9a-f]{12}( \\(uncommitted changes\\))?|unknown)"),
                outcome.out());
    }

    @Test
    void metaJsonCarriesTheCommit() throws IOException {
        Path out = temp.resolve("run");
        CliRunner.Outcome outcome = CliRunner.run("sweep", "--dims", "4", "--kappas", "10", "--optimizers", "gd",
                "--max-iters", "20", "--no-report", "--quiet", "--out", out.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        JsonNode meta = new ObjectMapper().readTree(out.resolve("meta.json").toFile());
        String commit = meta.get("commit").asText();
        assertTrue(commit.matches("[0-9a-f]{40}|unknown"), commit);
        assertEquals(commit.equals("unknown"), meta.get("commit_dirty").isNull());
        assertTrue(meta.get("tool").asText().contains(commit.equals("unknown") ? "unknown" : commit.substring(0, 12)));
    }

    private static int run(Path directory, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return process.waitFor();
    }

    /** A copy of the project's build script in a folder laid out like the project. */
    private Path project(String name) throws IOException {
        Path project = temp.resolve(name);
        Files.createDirectories(project.resolve("native"));
        Files.copy(SCRIPT, project.resolve(SCRIPT));
        return project;
    }

    @Test
    void aCheckoutWithoutGitBuildsWithTheCommitUnknown() throws Exception {
        Path project = project("archive");
        Path file = project.resolve("commit.properties");
        assertEquals(0, run(project, "bash", "native/build-commit.sh", file.toString()));
        assertTrue(Files.notExists(file));
    }

    @Test
    void aGitCheckoutRecordsItsHeadAndWhetherTrackedFilesChanged() throws Exception {
        Path project = project("clone");
        assumeTrue(run(project, "git", "init", "-q") == 0, "needs git");
        run(project, "git", "add", ".");
        assertEquals(0, run(project, "git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "x"));
        Path head = temp.resolve("head");
        new ProcessBuilder("git", "rev-parse", "HEAD").directory(project.toFile()).redirectOutput(head.toFile())
                .start().waitFor();
        String commit = Files.readString(head).strip();
        Path file = temp.resolve("commit.properties");
        assertEquals(0, run(project, "bash", "native/build-commit.sh", file.toString()));
        assertEquals(List.of("commit=" + commit, "dirty=false"), Files.readAllLines(file, StandardCharsets.UTF_8));
        Files.writeString(project.resolve(SCRIPT), "# changed\n", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(0, run(project, "bash", "native/build-commit.sh", file.toString()));
        assertEquals(List.of("commit=" + commit, "dirty=true"), Files.readAllLines(file, StandardCharsets.UTF_8));
    }
}
