package dev.gdbench.backend.cuda;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jcuda.driver.CUevent;
import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUstream;
import jcuda.driver.CUstreamCaptureMode;
import jcuda.driver.JCudaDriver;

/**
 * The hot loop: a chunk of iterations captured once per chunk length into a CUDA graph and
 * replayed, each replay timed with CUDA events. Graphs hold the addresses of the tables they read:
 * one that moved makes them stale ({@link #discard()}).
 */
final class ChunkGraphs {
    /** Enqueues iteration {@code step} of a chunk of {@code steps}. */
    interface Iteration {
        void enqueue(int step, int steps);
    }

    private final CUstream stream;
    private final Iteration iteration;
    private final Map<Integer, CUgraphExec> graphs = new HashMap<>();
    private final CUevent start = new CUevent();
    private final CUevent stop = new CUevent();
    private boolean eventsCreated;
    private boolean timingPending;
    private double secondsReplaying;

    ChunkGraphs(CUstream stream, Iteration iteration) {
        this.stream = stream;
        this.iteration = iteration;
        JCudaDriver.cuEventCreate(start, 0);
        JCudaDriver.cuEventCreate(stop, 0);
        eventsCreated = true;
    }

    /** Replays the chunk of {@code steps} iterations (capturing it first if it is new), timed, without waiting for it. */
    void replay(int steps) {
        CUgraphExec exec = graphs.computeIfAbsent(steps, this::capture);
        JCudaDriver.cuEventRecord(start, stream);
        JCudaDriver.cuGraphLaunch(exec, stream);
        JCudaDriver.cuEventRecord(stop, stream);
        timingPending = true;
    }

    private CUgraphExec capture(int steps) {
        CUgraph graph = new CUgraph();
        JCudaDriver.cuStreamBeginCapture(stream, CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_THREAD_LOCAL);
        try {
            for (int step = 0; step < steps; step++) {
                iteration.enqueue(step, steps);
            }
        } finally {
            JCudaDriver.cuStreamEndCapture(stream, graph);
        }
        CUgraphExec exec = new CUgraphExec();
        JCudaDriver.cuGraphInstantiate(exec, graph, 0);
        JCudaDriver.cuGraphDestroy(graph);
        // Upload now, so the first timed replay does not pay for it.
        JCudaDriver.cuGraphUpload(exec, stream);
        return exec;
    }

    /** Destroys every graph: a table they read moved. */
    void discard() {
        graphs.values().forEach(JCudaDriver::cuGraphExecDestroy);
        graphs.clear();
    }

    /** Adds the last replay's event-timed duration once it has finished. */
    void settleTiming() {
        if (!timingPending) {
            return;
        }
        JCudaDriver.cuEventSynchronize(stop);
        float[] milliseconds = new float[1];
        JCudaDriver.cuEventElapsedTime(milliseconds, start, stop);
        secondsReplaying += milliseconds[0] * 1e-3;
        timingPending = false;
    }

    /** Seconds the replays took so far, as far as they are settled. */
    double secondsReplaying() {
        return secondsReplaying;
    }

    /** The releases of the graphs and events, for the owner to run with its others. */
    void addReleases(List<Runnable> releases) {
        graphs.values().forEach(graph -> releases.add(() -> JCudaDriver.cuGraphExecDestroy(graph)));
        graphs.clear();
        if (eventsCreated) {
            releases.add(() -> JCudaDriver.cuEventDestroy(start));
            releases.add(() -> JCudaDriver.cuEventDestroy(stop));
            eventsCreated = false;
        }
    }
}
