package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.backend.BackendUnavailableException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchWorkersTest {
    @Test
    void everyItemRunsOnceAndTheWorkersRunAtTheSameTime() {
        Set<Integer> ran = ConcurrentHashMap.newKeySet();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        // Both workers must hold an item at once to get past the latch: one worker alone would time out.
        CountDownLatch bothStarted = new CountDownLatch(2);
        BatchWorkers.forEach(IntStream.range(0, 10).boxed().toList(), 2, item -> {
            threads.add(Thread.currentThread());
            bothStarted.countDown();
            try {
                assertTrue(bothStarted.await(30, TimeUnit.SECONDS), "the other worker never started");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            assertTrue(ran.add(item), "item " + item + " ran twice");
        });
        assertEquals(Set.copyOf(IntStream.range(0, 10).boxed().toList()), ran);
        assertEquals(2, threads.size());
    }

    /** The worker's exception itself reaches the caller (Main maps it to its exit code); no new item starts after it. */
    @Test
    void theFirstFailureStopsTheQueueAndPropagatesAsThrown() {
        BackendUnavailableException refusal = new BackendUnavailableException("a kernel failed");
        Set<Integer> ran = ConcurrentHashMap.newKeySet();
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> BatchWorkers.forEach(
                List.of(0, 1, 2, 3, 4, 5), 1, item -> {
                    ran.add(item);
                    if (item == 2) {
                        throw refusal;
                    }
                }));
        assertSame(refusal, thrown);
        assertEquals(Set.of(0, 1, 2), ran);
    }
}
