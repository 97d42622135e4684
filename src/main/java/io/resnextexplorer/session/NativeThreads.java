package io.resnextexplorer.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Threads with a stack big enough for ONNX Runtime's native code. Any thread that creates a session
 * (or may run inference) should be one of these, in the window and on the command line alike.
 *
 * <p>Why: on Linux, ONNX Runtime 1.29 reads {@code /proc/self/cmdline} while creating a session and
 * walks it recursively, using roughly 250 bytes of stack per byte of the command line, on top of
 * what session creation needs for a full-size ResNeXt graph (more than the JVM's default 1 MB). A
 * too-small stack kills the process with SIGSEGV and no Java exception: {@code classify} with 600
 * long paths (124 kB) still crashed with {@code -Xss24m} and ran with {@code -Xss32m}. So the stack
 * size here grows with the process's own command line.
 */
public final class NativeThreads {
    /** Stack for session creation itself, before the command line's share; 2 MB was enough. */
    public static final long BASE_STACK_BYTES = 16L * 1024 * 1024;

    /** Stack per byte of the command line: twice the measured ~250 bytes. */
    static final long STACK_BYTES_PER_COMMAND_LINE_BYTE = 512;

    /** Linux limits a command line to a few MB; this cap keeps the reservation sane anyway. */
    static final long MAX_STACK_BYTES = 1024L * 1024 * 1024;

    private static final long STACK_BYTES = stackBytesFor(commandLineBytes());

    private NativeThreads() {}

    /** Stack size in bytes of the threads made here, for this process's command line. */
    public static long stackBytes() {
        return STACK_BYTES;
    }

    /** Stack size in bytes for a process whose command line is {@code commandLineBytes} long. */
    static long stackBytesFor(long commandLineBytes) {
        return Math.min(
                MAX_STACK_BYTES,
                BASE_STACK_BYTES + STACK_BYTES_PER_COMMAND_LINE_BYTE * commandLineBytes);
    }

    /**
     * A factory of daemon threads named {@code name-1}, {@code name-2}, ... with {@link
     * #stackBytes()} of stack, for executors that run decoding and inference.
     */
    public static ThreadFactory daemonFactory(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(null, r, name + "-" + n.incrementAndGet(), STACK_BYTES);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Runs {@code work} on a new thread named {@code name} with {@link #stackBytes()} of stack and
     * waits for it. Its result is returned; a RuntimeException or Error it throws is rethrown here.
     * If the calling thread is interrupted while waiting, the worker is interrupted too and this
     * still waits for it to end, so nothing native outlives the call.
     */
    public static <T> T callWithBigStack(String name, Supplier<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t =
                new Thread(
                        null,
                        () -> {
                            try {
                                result.set(work.get());
                            } catch (RuntimeException | Error e) {
                                failure.set(e);
                            }
                        },
                        name,
                        STACK_BYTES);
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                t.interrupt();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error err) {
            throw err;
        }
        return result.get();
    }

    /** Length of this process's command line in bytes; 0 where the OS does not show it. */
    private static long commandLineBytes() {
        Path cmdline = Path.of("/proc/self/cmdline");
        if (!Files.isReadable(cmdline)) {
            return 0;
        }
        try {
            // The file reports size 0; only reading it gives the length.
            return Files.readAllBytes(cmdline).length;
        } catch (IOException | SecurityException e) {
            return 0;
        }
    }
}
