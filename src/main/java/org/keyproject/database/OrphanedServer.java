package org.keyproject.database;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL that a killed run left behind. The server is a separate process: when its JVM dies hard
 * (SIGKILL, the OOM killer) it keeps running on the data directory and keeps its postmaster.pid there, so the next
 * start would fail. Before starting, the embedded database reads postmaster.pid (line 1 the postmaster's pid, line 2
 * its data directory) and stops that server only when the pid is alive and is a {@code postgres} whose {@code -D} is
 * this very directory. A server of another directory, or a pid since recycled by another process, is never signalled.
 */
final class OrphanedServer {

    private static final Logger log = LoggerFactory.getLogger(OrphanedServer.class);

    /** The lock file zonky's EmbeddedPostgres (2.1.0) holds in the data directory while it runs a server there. */
    private static final String EMBEDDED_LOCK_FILE = "epg-lock";

    private static final Duration SHUTDOWN_PATIENCE = Duration.ofSeconds(30);

    enum Finding {
        /** No postmaster.pid: no server runs here. */
        NONE,
        /** Its process is gone: PostgreSQL clears such a file itself, after checking that no old backend lives on. */
        GONE,
        /** A live postgres on this directory, left by a run that ended without stopping it. */
        ORPHAN,
        /** Its pid is alive but is no postgres on this directory (another cluster, a recycled pid), or it names no pid. */
        NOT_OURS,
        /** Its pid is alive and cannot be told apart from our server. */
        UNKNOWN
    }

    record Inspection(Finding finding, long pid, String why) {
    }

    private OrphanedServer() {
    }

    /**
     * Makes way for starting the embedded server on {@code dataDir}: stops our orphaned server, drops a postmaster.pid
     * that names no server of ours, and refuses when another live process runs the embedded database here.
     */
    static void clear(Path dataDir) throws IOException {
        if (!Files.exists(dataDir.resolve("postgresql.conf"))) {
            return; // no cluster yet, so no server; initdb also needs the directory empty, so no lock file either
        }
        try (FileChannel channel = FileChannel.open(dataDir.resolve(EMBEDDED_LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = tryLock(channel)) {
            if (lock == null) {
                throw new IllegalStateException("The embedded PostgreSQL in " + dataDir
                        + " is in use by another running keyproject; stop it first");
            }
            Inspection found = inspect(dataDir);
            switch (found.finding()) {
                case NONE -> {
                }
                case GONE -> log.warn("The previous PostgreSQL in {} ended without shutting down ({}); it will recover from its log",
                        dataDir, found.why());
                case NOT_OURS -> {
                    log.warn("Removing {}/postmaster.pid: {}; that process is left alone", dataDir, found.why());
                    Files.deleteIfExists(dataDir.resolve("postmaster.pid"));
                }
                case ORPHAN -> stop(found.pid(), dataDir, found.why());
                case UNKNOWN -> throw new IllegalStateException("Cannot start the embedded PostgreSQL in " + dataDir
                        + ": " + found.why() + ". Stop that server, or delete " + dataDir.resolve("postmaster.pid")
                        + " if it is none");
            }
        }
    }

    /** What the postmaster.pid in {@code dataDir} says, checked against the live process it names. */
    static Inspection inspect(Path dataDir) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
        } catch (NoSuchFileException e) {
            return new Inspection(Finding.NONE, 0, "no postmaster.pid");
        }
        String first = lines.isEmpty() ? "" : lines.get(0).trim();
        if (first.isEmpty() || !first.chars().allMatch(Character::isDigit)) {
            return new Inspection(Finding.NOT_OURS, 0, "it names no process");
        }
        long pid = Long.parseLong(first);
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return new Inspection(Finding.GONE, pid, "process " + pid + " no longer runs");
        }
        ProcessHandle.Info info = process.get().info();
        Optional<String> command = info.command();
        if (command.isEmpty()) {
            return new Inspection(Finding.UNKNOWN, pid, "process " + pid + " runs but cannot be identified");
        }
        if (!Path.of(command.get()).getFileName().toString().equals("postgres")) {
            return new Inspection(Finding.NOT_OURS, pid, "process " + pid + " is " + command.get() + ", not PostgreSQL");
        }
        Optional<String> served = info.arguments().flatMap(OrphanedServer::dataDirectoryArgument);
        if (served.isEmpty()) {
            return new Inspection(Finding.UNKNOWN, pid, "PostgreSQL " + pid + " runs without naming its data directory");
        }
        if (!sameDirectory(served.get(), dataDir)) {
            return new Inspection(Finding.NOT_OURS, pid, "PostgreSQL " + pid + " serves " + served.get());
        }
        if (lines.size() < 2 || !sameDirectory(lines.get(1).trim(), dataDir)) {
            return new Inspection(Finding.UNKNOWN, pid, "PostgreSQL " + pid
                    + " serves this directory, but postmaster.pid names another");
        }
        return new Inspection(Finding.ORPHAN, pid, "PostgreSQL " + pid + " still serves this directory");
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by an embedded server of this very JVM
        }
    }

    private static Optional<String> dataDirectoryArgument(String[] arguments) {
        for (int i = 0; i < arguments.length - 1; i++) {
            if (arguments[i].equals("-D")) {
                return Optional.of(arguments[i + 1]);
            }
        }
        return Optional.empty();
    }

    /** Only absolute paths count: a relative -D says nothing without the server's working directory. */
    private static boolean sameDirectory(String path, Path dataDir) {
        Path candidate = Path.of(path);
        try {
            return candidate.isAbsolute() && Files.isSameFile(candidate, dataDir);
        } catch (IOException e) {
            return false;
        }
    }

    private static void stop(long pid, Path dataDir, String why) {
        ProcessHandle server = ProcessHandle.of(pid).orElse(null);
        if (server == null) {
            return;
        }
        log.warn("{} in {}, left by a run that ended without stopping it; shutting it down before starting", why, dataDir);
        requestFastShutdown(server);
        try {
            server.onExit().get(SHUTDOWN_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            server.destroyForcibly();
            throw new IllegalStateException("The orphaned PostgreSQL " + pid + " in " + dataDir + " did not stop within "
                    + SHUTDOWN_PATIENCE.toSeconds() + " s and was killed; start again, PostgreSQL will recover from its log");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping the orphaned PostgreSQL " + pid, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not wait for the orphaned PostgreSQL " + pid, e);
        }
        log.warn("Stopped the orphaned PostgreSQL {} in {}", pid, dataDir);
    }

    /**
     * SIGINT is PostgreSQL's fast shutdown: open sessions are rolled back, then a checkpoint, then exit. Java itself
     * can only send SIGTERM (a smart shutdown, which waits for every session to end), so that is the fallback.
     */
    private static void requestFastShutdown(ProcessHandle server) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(server.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            log.warn("Could not run kill -INT ({}); asking PostgreSQL {} for a smart shutdown", e.getMessage(), server.pid());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping the orphaned PostgreSQL " + server.pid(), e);
        }
        server.destroy();
    }
}
