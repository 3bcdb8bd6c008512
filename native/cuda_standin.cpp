// A CPU stand-in for the CUDA driver (libcuda.so.1), so that the CUDA backend's host code (JCuda's
// own natives, our launches, graphs and events) runs in tests on machines without a GPU. Built by
// native/build-cuda-standin.sh into target/, never installed; a test puts it on LD_LIBRARY_PATH.
//
// What gdbench calls, with CUDA's semantics where a bug would hide behind a laxer driver:
// - a current context per thread (primary contexts only); calls without one fail;
// - device memory as host allocations, filled with a NaN pattern (fp32 and fp64) on allocation,
//   every copy and memset bounds-checked against its allocation, freed twice or never
//   allocated: an error; cuMemGetInfo against a budget;
// - cuModuleLoadData of a fatbin, whose every extern "C" kernel is bound to its g++-compiled twin
//   from the same kernels/*.cu (native/cuda_host.h runs it: blocks in turn, threads as fibers);
//   launches check grid, block and shared-memory limits and copy their arguments when called,
//   and a kernel whose pointer argument is no longer allocated fails as an illegal address;
// - streams (work runs when enqueued: every stream is always idle), stream capture into graphs,
//   instantiate, upload and launch; a call that is not allowed during a capture (an allocation,
//   a synchronisation, a synchronous copy that orders with the capturing stream) fails and
//   invalidates the capture, as CUDA does;
// - events with host timestamps;
// - errors of a kernel are sticky, as on a GPU: the enqueueing call succeeds, every later call
//   in the context returns the error.
//
// Configured by environment variables, read at cuInit:
//   GDBENCH_STANDIN_DEVICES          visible devices (default 1)
//   GDBENCH_STANDIN_DEVICE_NAME      appended to the device name, which always says it is a stand-in
//   GDBENCH_STANDIN_DRIVER_VERSION   what cuDriverGetVersion answers (default 13000: CUDA 13.0)
//   GDBENCH_STANDIN_MEMORY_BYTES     device memory (default 4 GiB)
//   GDBENCH_STANDIN_MULTIPROCESSORS  multiprocessors (default 132, an H100's)
//   GDBENCH_STANDIN_FAIL_KERNEL      NAME or NAME:K: the K-th run (default the first) of kernel NAME fails
//   GDBENCH_STANDIN_FAIL_ALLOCATION  K: the K-th cuMemAlloc fails with CUDA_ERROR_OUT_OF_MEMORY
//   GDBENCH_STANDIN_PERTURB_KERNEL   NAME: after every run of kernel NAME, element 0 of its first writable
//                                    float or double array is scaled by 1 + 1e-6: a device that computes
//                                    slightly wrong, for the checks that compare backends to catch
// Every other function libJCudaDriver imports returns CUDA_ERROR_NOT_SUPPORTED (generated stubs).
#include "cuda_host.h"
#include "gdbench.cu"

#include <chrono>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace standin {

using CUresult = int;
// cuda.h's values (the header is not needed to build this).
constexpr CUresult SUCCESS = 0,
    INVALID_VALUE = 1,
    OUT_OF_MEMORY = 2,
    NOT_INITIALIZED = 3,
    NO_DEVICE = 100,
    INVALID_DEVICE = 101,
    INVALID_IMAGE = 200,
    INVALID_CONTEXT = 201,
    INVALID_HANDLE = 400,
    ILLEGAL_STATE = 401,
    NOT_FOUND = 500,
    ILLEGAL_ADDRESS = 700,
    LAUNCH_FAILED = 719,
    NOT_SUPPORTED = 801,
    CAPTURE_UNSUPPORTED = 900,
    CAPTURE_INVALIDATED = 901,
    CAPTURE_IMPLICIT = 906,
    CAPTURE_WRONG_THREAD = 908;
enum CaptureMode { CAPTURE_GLOBAL = 0, CAPTURE_THREAD_LOCAL = 1, CAPTURE_RELAXED = 2 };
constexpr unsigned EVENT_DISABLE_TIMING = 0x2;
constexpr unsigned FATBIN_MAGIC = 0xBA55ED50;
constexpr unsigned MAX_BLOCK_THREADS = 1024;
constexpr unsigned MAX_BLOCK_X = 1024, MAX_BLOCK_Y = 1024, MAX_BLOCK_Z = 64;
constexpr unsigned MAX_GRID_X = 2147483647u, MAX_GRID_YZ = 65535;
constexpr unsigned MAX_SHARED_BYTES = 48 * 1024;
constexpr size_t ALLOCATION_ALIGNMENT = 256;  // cuMemAlloc's
// A quiet NaN read as fp32 (0x7FF87FF8) and as fp64 (0x7FF87FF87FF87FF8): an element a kernel
// fails to write shows as NaN; different from the all-ones gdbench poisons with itself.
constexpr uint32_t POISON = 0x7FF87FF8u;
const char* const DEVICE_NAME = "gdbench CPU stand-in for the CUDA driver";

struct Config {
    int devices = 1;
    std::string name = DEVICE_NAME;
    int driver_version = 13000;
    size_t memory_bytes = size_t(4) << 30;
    int multiprocessors = 132;
    std::string fail_kernel;
    long fail_kernel_run = 0;
    std::string perturb_kernel;
    long fail_allocation = 0;
};

struct Context {
    int device = 0;
    int retained = 0;
    CUresult sticky = SUCCESS;
};

struct Allocation {
    size_t bytes;
    Context* context;
};

// A unit of stream work: a kernel run, a copy, an event record. Returns an error that becomes sticky.
using Task = std::function<CUresult()>;

struct Stream {
    Context* context;
    unsigned flags;
    bool capturing = false;
    bool invalidated = false;
    int mode = CAPTURE_GLOBAL;
    std::thread::id capturer;
    std::vector<Task> captured;
};

struct Event {
    Context* context;
    unsigned flags;
    bool recorded = false;
    std::chrono::steady_clock::time_point at;
};

struct Graph {
    Context* context;
    std::vector<Task> tasks;
};

struct GraphExec {
    Context* context;
    std::vector<Task> tasks;
};

// A kernel's twin: binds a launch's void** arguments (copied now) into a call, and lists the
// addresses its pointer arguments hold.
struct BoundCall {
    std::function<void()> call;
    std::vector<uintptr_t> pointers;
    std::function<void()> perturb;  // scales element 0 of the first writable float/double array, if any
};
struct KernelEntry {
    const char* name;
    BoundCall (*bind)(void** parameters);
};

// What GDBENCH_STANDIN_PERTURB_KERNEL multiplies by: far above fp64's 1e-12 agreement, far below fp32's bound.
constexpr double PERTURBATION = 1 + 1e-6;

template <typename... Args, size_t... I>
BoundCall bind_arguments(void (*kernel)(Args...), void** parameters, std::index_sequence<I...>)
{
    std::tuple<std::decay_t<Args>...> values{*static_cast<std::decay_t<Args>*>(parameters[I])...};
    BoundCall bound;
    [[maybe_unused]] auto note_pointer = [&bound](auto value) {
        using Value = decltype(value);
        if constexpr (std::is_pointer_v<Value>) {
            bound.pointers.push_back(reinterpret_cast<uintptr_t>(value));
        }
        if constexpr (std::is_same_v<Value, double*> || std::is_same_v<Value, float*>) {
            if (!bound.perturb) bound.perturb = [value] { value[0] *= PERTURBATION; };
        }
    };
    (note_pointer(std::get<I>(values)), ...);
    bound.call = [kernel, values] { std::apply(kernel, values); };
    return bound;
}

template <typename... Args>
BoundCall bind_arguments(void (*kernel)(Args...), void** parameters)
{
    return bind_arguments(kernel, parameters, std::index_sequence_for<Args...>{});
}

// Every extern "C" kernel of kernels/*.cu, listed by the build from the preprocessed sources.
#define KERNEL(NAME) {#NAME, [](void** p) { return bind_arguments(&NAME, p); }},
const KernelEntry KERNELS[] = {
#include "standin_kernels.inc"
};
#undef KERNEL

struct Module {
    Context* context;
    std::vector<unsigned char> image;
    std::map<std::string, std::unique_ptr<const KernelEntry*>> functions;  // the handles cuModuleGetFunction gives
};

struct Function {
    const KernelEntry* entry;
    Module* module;
};

// The whole device state. Every entry point holds the lock: one "GPU", whose built-ins and
// __shared__ memory are global.
struct Driver {
    std::mutex lock;
    bool initialized = false;
    Config config;
    std::vector<std::unique_ptr<Context>> contexts;  // the primary context of each device
    std::map<uintptr_t, Allocation> allocations;
    size_t allocated = 0;
    long allocation_calls = 0;
    std::map<std::string, long> kernel_runs;
    std::set<Stream*> streams;
    std::set<Event*> events;
    std::set<Graph*> graphs;
    std::set<GraphExec*> execs;
    std::set<Module*> modules;
    std::map<const void*, Function> functions;
};

Driver& driver()
{
    static Driver d;
    return d;
}

thread_local Context* current = nullptr;

long number(const char* variable, long fallback)
{
    const char* value = getenv(variable);
    return value != nullptr && *value != '\0' ? strtol(value, nullptr, 10) : fallback;
}

Config read_config()
{
    Config c;
    c.devices = (int)number("GDBENCH_STANDIN_DEVICES", c.devices);
    if (const char* name = getenv("GDBENCH_STANDIN_DEVICE_NAME"); name != nullptr && *name != '\0') {
        c.name += std::string(" (") + name + ")";
    }
    c.driver_version = (int)number("GDBENCH_STANDIN_DRIVER_VERSION", c.driver_version);
    c.memory_bytes = (size_t)number("GDBENCH_STANDIN_MEMORY_BYTES", (long)c.memory_bytes);
    c.multiprocessors = (int)number("GDBENCH_STANDIN_MULTIPROCESSORS", c.multiprocessors);
    if (const char* fail = getenv("GDBENCH_STANDIN_FAIL_KERNEL"); fail != nullptr && *fail != '\0') {
        std::string spec = fail;
        size_t colon = spec.find(':');
        c.fail_kernel = spec.substr(0, colon);
        c.fail_kernel_run = colon == std::string::npos ? 1 : strtol(spec.c_str() + colon + 1, nullptr, 10);
    }
    c.fail_allocation = number("GDBENCH_STANDIN_FAIL_ALLOCATION", 0);
    if (const char* perturb = getenv("GDBENCH_STANDIN_PERTURB_KERNEL"); perturb != nullptr) c.perturb_kernel = perturb;
    return c;
}

// The current context, or why a call that needs one cannot run.
CUresult need_context()
{
    if (!driver().initialized) return NOT_INITIALIZED;
    if (current == nullptr || current->retained == 0) return INVALID_CONTEXT;
    return current->sticky;
}

// The allocation that holds [address, address + bytes), or null.
const Allocation* allocation_of(uintptr_t address, size_t bytes)
{
    auto& allocations = driver().allocations;
    auto after = allocations.upper_bound(address);
    if (after == allocations.begin()) return nullptr;
    auto at = std::prev(after);
    if (address < at->first || address + bytes > at->first + at->second.bytes) return nullptr;
    return &at->second;
}

// An allocation, a synchronisation, a module load: not allowed while this thread (or, in global
// mode, any thread) captures, unless the capture is relaxed. The capture is invalidated.
CUresult unsafe_during_capture()
{
    CUresult result = SUCCESS;
    for (Stream* s : driver().streams) {
        if (!s->capturing || s->mode == CAPTURE_RELAXED) continue;
        if (s->mode == CAPTURE_GLOBAL || s->capturer == std::this_thread::get_id()) {
            s->invalidated = true;
            result = CAPTURE_UNSUPPORTED;
        }
    }
    return result;
}

// Work on the legacy default stream orders with every blocking stream of its context, so it
// cannot run while one of them captures.
CUresult legacy_stream_conflict(Context* context)
{
    CUresult result = SUCCESS;
    for (Stream* s : driver().streams) {
        if (s->context == context && s->capturing && (s->flags & 1) == 0) {
            s->invalidated = true;
            result = CAPTURE_IMPLICIT;
        }
    }
    return result;
}

// The stream work goes to: null for the legacy default stream. Checks the handle.
CUresult stream_for(void* handle, Stream*& stream)
{
    stream = static_cast<Stream*>(handle);
    if (stream == nullptr) return legacy_stream_conflict(current);
    if (!driver().streams.count(stream) || stream->context != current) return INVALID_HANDLE;
    return SUCCESS;
}

// Runs the task now, or records it into the stream's capture. A failure of the work itself is
// sticky and not this call's result, as a kernel's failure on a GPU surfaces later.
CUresult enqueue(Stream* stream, Task task)
{
    if (stream != nullptr && stream->capturing) {
        if (!stream->invalidated) stream->captured.push_back(std::move(task));
        return SUCCESS;
    }
    CUresult result = task();
    if (result != SUCCESS) current->sticky = result;
    return SUCCESS;
}

CUresult run_kernel(const std::string& name, const BoundCall& bound, Dim3 grid, Dim3 block)
{
    Driver& d = driver();
    long run = ++d.kernel_runs[name];
    if (name == d.config.fail_kernel && run == d.config.fail_kernel_run) {
        return LAUNCH_FAILED;
    }
    for (size_t i = 0; i < bound.pointers.size(); i++) {
        if (bound.pointers[i] != 0 && allocation_of(bound.pointers[i], 0) == nullptr) {
            fprintf(stderr, "cuda stand-in: kernel %s got pointer argument %zu = %#lx, not allocated (freed?)\n",
                    name.c_str(), i, (unsigned long)bound.pointers[i]);
            return ILLEGAL_ADDRESS;
        }
    }
    if (!gdbench_host::run_grid(grid, block, bound.call)) {
        fprintf(stderr, "cuda stand-in: kernel %s: threads of a block diverged at __syncthreads\n", name.c_str());
        return LAUNCH_FAILED;
    }
    if (name == d.config.perturb_kernel && bound.perturb) bound.perturb();
    return SUCCESS;
}

CUresult copy(uintptr_t target, bool target_on_device, uintptr_t source, bool source_on_device, size_t bytes)
{
    if ((target_on_device && allocation_of(target, bytes) == nullptr)
        || (source_on_device && allocation_of(source, bytes) == nullptr)) {
        return INVALID_VALUE;
    }
    memmove(reinterpret_cast<void*>(target), reinterpret_cast<const void*>(source), bytes);
    return SUCCESS;
}

// memset of count elements of width bytes each (1 or 4), value repeated.
CUresult fill(uintptr_t target, uint32_t value, size_t count, size_t width, void* stream_handle, bool asynchronous)
{
    if (CUresult r = need_context()) return r;
    if (!asynchronous) {
        if (CUresult r = legacy_stream_conflict(current)) return r;
    }
    Stream* stream = nullptr;
    if (asynchronous) {
        if (CUresult r = stream_for(stream_handle, stream)) return r;
    }
    if (allocation_of(target, count * width) == nullptr) return INVALID_VALUE;
    return enqueue(stream, [=] {
        if (width == 1) {
            memset(reinterpret_cast<void*>(target), (int)(value & 0xFF), count);
        } else {
            auto* words = reinterpret_cast<uint32_t*>(target);
            std::fill(words, words + count, value);
        }
        return SUCCESS;
    });
}

// Frees what a context held when its last retain is released (a GPU tears the context down).
void destroy_context_resources(Context* context)
{
    Driver& d = driver();
    for (auto it = d.allocations.begin(); it != d.allocations.end();) {
        if (it->second.context == context) {
            d.allocated -= it->second.bytes;
            free(reinterpret_cast<void*>(it->first));
            it = d.allocations.erase(it);
        } else {
            ++it;
        }
    }
    auto erase_owned = [context](auto& handles) {
        for (auto it = handles.begin(); it != handles.end();) {
            if ((*it)->context == context) {
                delete *it;
                it = handles.erase(it);
            } else {
                ++it;
            }
        }
    };
    erase_owned(d.streams);
    erase_owned(d.events);
    erase_owned(d.graphs);
    erase_owned(d.execs);
    for (auto it = d.modules.begin(); it != d.modules.end();) {
        if ((*it)->context == context) {
            for (auto& f : (*it)->functions) d.functions.erase(f.second.get());
            delete *it;
            it = d.modules.erase(it);
        } else {
            ++it;
        }
    }
    context->sticky = SUCCESS;
}

// The kernel name appears in the fatbin's string tables, NUL-terminated.
bool image_names(const std::vector<unsigned char>& image, const char* name)
{
    std::string needle = std::string(name) + '\0';
    auto found = std::search(image.begin(), image.end(), needle.begin(), needle.end());
    while (found != image.end()) {
        if (found == image.begin() || !(isalnum(found[-1]) || found[-1] == '_')) return true;
        found = std::search(found + 1, image.end(), needle.begin(), needle.end());
    }
    return false;
}

}  // namespace standin

using namespace standin;
using CUdeviceptr = unsigned long long;
#define API extern "C" __attribute__((visibility("default"))) CUresult
#define LOCKED std::lock_guard<std::mutex> guard(driver().lock)

API cuInit(unsigned flags)
{
    LOCKED;
    if (flags != 0) return INVALID_VALUE;
    if (!driver().initialized) {
        driver().config = read_config();
        for (int i = 0; i < driver().config.devices; i++) {
            driver().contexts.push_back(std::make_unique<Context>());
            driver().contexts.back()->device = i;
        }
        driver().initialized = true;
    }
    return SUCCESS;
}

API cuDriverGetVersion(int* version)
{
    LOCKED;
    if (version == nullptr) return INVALID_VALUE;
    *version = driver().initialized ? driver().config.driver_version : read_config().driver_version;
    return SUCCESS;
}

API cuDeviceGetCount(int* count)
{
    LOCKED;
    if (!driver().initialized) return NOT_INITIALIZED;
    if (count == nullptr) return INVALID_VALUE;
    *count = driver().config.devices;
    return SUCCESS;
}

static CUresult check_device(int device)
{
    if (!driver().initialized) return NOT_INITIALIZED;
    return device >= 0 && device < driver().config.devices ? SUCCESS : INVALID_DEVICE;
}

API cuDeviceGet(int* device, int ordinal)
{
    LOCKED;
    if (!driver().initialized) return NOT_INITIALIZED;
    if (driver().config.devices == 0) return NO_DEVICE;
    if (CUresult r = check_device(ordinal)) return r;
    *device = ordinal;
    return SUCCESS;
}

API cuDeviceGetName(char* name, int length, int device)
{
    LOCKED;
    if (CUresult r = check_device(device)) return r;
    if (name == nullptr || length <= 0) return INVALID_VALUE;
    snprintf(name, (size_t)length, "%s", driver().config.name.c_str());
    return SUCCESS;
}

API cuDeviceTotalMem_v2(size_t* bytes, int device)
{
    LOCKED;
    if (CUresult r = check_device(device)) return r;
    *bytes = driver().config.memory_bytes;
    return SUCCESS;
}

API cuDeviceGetAttribute(int* value, int attribute, int device)
{
    LOCKED;
    if (CUresult r = check_device(device)) return r;
    switch (attribute) {
        case 1: *value = MAX_BLOCK_THREADS; break;
        case 2: *value = MAX_BLOCK_X; break;
        case 3: *value = MAX_BLOCK_Y; break;
        case 4: *value = MAX_BLOCK_Z; break;
        case 5: *value = (int)MAX_GRID_X; break;
        case 6: case 7: *value = MAX_GRID_YZ; break;
        case 8: *value = MAX_SHARED_BYTES; break;
        case 10: *value = WARP_SIZE; break;
        case 16: *value = driver().config.multiprocessors; break;
        case 75: *value = 9; break;  // compute capability 9.0, as the fatbin's newest SASS
        case 76: *value = 0; break;
        default: return INVALID_VALUE;
    }
    return SUCCESS;
}

API cuDevicePrimaryCtxRetain(Context** context, int device)
{
    LOCKED;
    if (CUresult r = check_device(device)) return r;
    Context* c = driver().contexts[device].get();
    c->retained++;
    *context = c;
    return SUCCESS;
}

API cuDevicePrimaryCtxRelease_v2(int device)
{
    LOCKED;
    if (CUresult r = check_device(device)) return r;
    Context* c = driver().contexts[device].get();
    if (c->retained == 0) return INVALID_CONTEXT;
    if (--c->retained == 0) destroy_context_resources(c);
    return SUCCESS;
}

API cuCtxSetCurrent(Context* context)
{
    LOCKED;
    if (!driver().initialized) return NOT_INITIALIZED;
    if (context != nullptr) {
        bool known = false;
        for (auto& c : driver().contexts) known |= c.get() == context;
        if (!known) return INVALID_CONTEXT;
    }
    current = context;
    return SUCCESS;
}

API cuCtxGetCurrent(Context** context)
{
    LOCKED;
    if (!driver().initialized) return NOT_INITIALIZED;
    *context = current;
    return SUCCESS;
}

API cuCtxSynchronize()
{
    LOCKED;
    if (CUresult r = need_context()) return r;
    return unsafe_during_capture();
}

API cuMemGetInfo_v2(size_t* free_bytes, size_t* total_bytes)
{
    LOCKED;
    if (CUresult r = need_context()) return r;
    *total_bytes = driver().config.memory_bytes;
    *free_bytes = driver().config.memory_bytes - std::min(driver().allocated, driver().config.memory_bytes);
    return SUCCESS;
}

API cuMemAlloc_v2(CUdeviceptr* pointer, size_t bytes)
{
    LOCKED;
    if (CUresult r = need_context()) return r;
    if (CUresult r = unsafe_during_capture()) return r;
    if (pointer == nullptr || bytes == 0) return INVALID_VALUE;
    Driver& d = driver();
    if (++d.allocation_calls == d.config.fail_allocation || d.allocated + bytes > d.config.memory_bytes) {
        return OUT_OF_MEMORY;
    }
    const size_t rounded = (bytes + ALLOCATION_ALIGNMENT - 1) / ALLOCATION_ALIGNMENT * ALLOCATION_ALIGNMENT;
    auto* memory = static_cast<uint32_t*>(aligned_alloc(ALLOCATION_ALIGNMENT, rounded));
    if (memory == nullptr) return OUT_OF_MEMORY;
    std::fill(memory, memory + rounded / sizeof(uint32_t), POISON);
    d.allocations[reinterpret_cast<uintptr_t>(memory)] = Allocation{bytes, current};
    d.allocated += bytes;
    *pointer = reinterpret_cast<uintptr_t>(memory);
    return SUCCESS;
}

API cuMemFree_v2(CUdeviceptr pointer)
{
    LOCKED;
    if (CUresult r = need_context()) return r;
    if (CUresult r = unsafe_during_capture()) return r;
    Driver& d = driver();
    auto it = d.allocations.find(pointer);
    if (it == d.allocations.end()) return INVALID_VALUE;
    d.allocated -= it->second.bytes;
    free(reinterpret_cast<void*>(pointer));
    d.allocations.erase(it);
    return SUCCESS;
}

// A synchronous copy: on the legacy default stream, so it orders with every blocking stream.
static CUresult synchronous_copy(uintptr_t target, bool target_on_device, uintptr_t source, bool source_on_device,
                                 size_t bytes)
{
    if (CUresult r = need_context()) return r;
    if (CUresult r = legacy_stream_conflict(current)) return r;
    return copy(target, target_on_device, source, source_on_device, bytes);
}

static CUresult asynchronous_copy(uintptr_t target, bool target_on_device, uintptr_t source, bool source_on_device,
                                  size_t bytes, void* stream_handle)
{
    if (CUresult r = need_context()) return r;
    Stream* stream;
    if (CUresult r = stream_for(stream_handle, stream)) return r;
    if ((target_on_device && allocation_of(target, bytes) == nullptr)
        || (source_on_device && allocation_of(source, bytes) == nullptr)) {
        return INVALID_VALUE;
    }
    return enqueue(stream, [=] { return copy(target, target_on_device, source, source_on_device, bytes); });
}

API cuMemcpyHtoD_v2(CUdeviceptr target, const void* source, size_t bytes)
{
    LOCKED;
    return synchronous_copy(target, true, reinterpret_cast<uintptr_t>(source), false, bytes);
}

API cuMemcpyDtoH_v2(void* target, CUdeviceptr source, size_t bytes)
{
    LOCKED;
    return synchronous_copy(reinterpret_cast<uintptr_t>(target), false, source, true, bytes);
}

API cuMemcpyDtoD_v2(CUdeviceptr target, CUdeviceptr source, size_t bytes)
{
    LOCKED;
    return synchronous_copy(target, true, source, true, bytes);
}

API cuMemcpyHtoDAsync_v2(CUdeviceptr target, const void* source, size_t bytes, void* stream)
{
    LOCKED;
    return asynchronous_copy(target, true, reinterpret_cast<uintptr_t>(source), false, bytes, stream);
}

API cuMemcpyDtoHAsync_v2(void* target, CUdeviceptr source, size_t bytes, void* stream)
{
    LOCKED;
    return asynchronous_copy(reinterpret_cast<uintptr_t>(target), false, source, true, bytes, stream);
}

API cuMemcpyDtoDAsync_v2(CUdeviceptr target, CUdeviceptr source, size_t bytes, void* stream)
{
    LOCKED;
    return asynchronous_copy(target, true, source, true, bytes, stream);
}

API cuMemsetD8_v2(CUdeviceptr target, unsigned char value, size_t count)
{
    LOCKED;
    return fill(target, value, count, 1, nullptr, false);
}

API cuMemsetD32_v2(CUdeviceptr target, unsigned value, size_t count)
{
    LOCKED;
    return fill(target, value, count, 4, nullptr, false);
}

API cuMemsetD8Async(CUdeviceptr target, unsigned char value, size_t count, void* stream)
{
    LOCKED;
    return fill(target, value, count, 1, stream, true);
}

API cuMemsetD32Async(CUdeviceptr target, unsigned value, size_t count, void* stream)
{
    LOCKED;
    return fill(target, value, count, 4, stream, true);
}

API cuStreamCreate(Stream** stream, unsigned flags)
{
    LOCKED;
    if (CUresult r = need_context()) return r;
    if (stream == nullptr || flags > 1) return INVALID_VALUE;
    *stream = new Stream{current, flags, false, false, CAPTURE_GLOBAL, {}, {}};
    driver().streams.insert(*stream);
    return SUCCESS;
}

API cuStreamDestroy_v2(Stream* stream)
{
    LOCKED;
    if (CUresult r = need_context()) return r;
    if (!driver().streams.count(stream)) return INVALID_HANDLE;
    driver().streams.erase(stream);
    delete stream;
    return SUCCESS;
}

API cuStreamSynchronize(Stream* stream)
{
    LOCKED;
    if (CUresult r = need_context()) return r;
    Stream* s;
    if (CUresult r = stream_for(stream, s)) return r;
    if (s != nullptr && s->capturing) {
        s->invalidated = true;
        return CAPTURE_UNSUPPORTED;
    }
    return unsafe_during_capture();
}

API cuStreamBeginCapture_v2(Stream* stream, int mode)
{
    LOCKED;
    if (CUresult r = need_context()) return r;
    if (stream == nullptr) return CAPTURE_UNSUPPORTED;  // the legacy stream cannot be captured
    Stream* s;
    if (CUresult r = stream_for(stream, s)) return r;
    if (mode < CAPTURE_GLOBAL || mode > CAPTURE_RELAXED) return INVALID_VALUE;
    if (s->capturing) return ILLEGAL_STATE;
    s->capturing = true;
    s->invalidated = false;
    s->mode = mode;
    s->capturer = std::this_thread::get_id();
    s->captured.clear();
    return SUCCESS;
}

API cuStreamEndCapture(Stream* stream, Graph** graph)
{
    LOCKED;
    if (CUresult r = need_context()) return r;
    Stream* s;
    if (CUresult r = stream_for(stream, s)) return r;
    if (s == nullptr || !s->capturing) return ILLEGAL_STATE;
    if (s->mode == CAPTURE_THREAD_LOCAL && s->capturer != std::this_thread::get_id()) return CAPTURE_WRONG_THREAD;
    s->capturing = false;
    if (s->invalidated) {
        *graph = nullptr;
        s->captured.clear();
        return CAPTURE_INVALIDATED;
    }
    *graph = new Graph{current, std::move(s->captured)};
    s->captured.clear();
    driver().graphs.insert(*graph);
    return SUCCESS;
}

API cuGraphInstantiateWithFlags(GraphExec** exec, Graph* graph, unsigned long long flags)
{
    LOCKED;
    if (CUresult r = need_context()) return r;
    if (!driver().graphs.count(graph)) return INVALID_HANDLE;
    if (flags != 0) return NOT_SUPPORTED;
    *exec = new GraphExec{current, graph->tasks};
    driver().execs.insert(*exec);
    return SUCCESS;
}

API cuGraphDestroy(Graph* graph)
{
    LOCKED;
    if (!driver().graphs.count(graph)) return INVALID_HANDLE;
    driver().graphs.erase(graph);
    delete graph;
    return SUCCESS;
}

API cuGraphExecDestroy(GraphExec* exec)
{
    LOCKED;
    if (!driver().execs.count(exec)) return INVALID_HANDLE;
    driver().execs.erase(exec);
    delete exec;
    return SUCCESS;
}

API cuGraphUpload(GraphExec* exec, Stream* stream)
{
    LOCKED;
    if (CUresult r = need_context()) return r;
    if (!driver().execs.count(exec)) return INVALID_HANDLE;
    Stream* s;
    if (CUresult r = stream_for(stream, s)) return r;
    return s != nullptr && s->capturing ? NOT_SUPPORTED : SUCCESS;
}

API cuGraphLaunch(GraphExec* exec, Stream* stream)
{
    LOCKED;
    if (CUresult r = need_context()) return r;
    if (!driver().execs.count(exec) || exec->context != current) return INVALID_HANDLE;
    Stream* s;
    if (CUresult r = stream_for(stream, s)) return r;
    if (s != nullptr && s->capturing) return NOT_SUPPORTED;  // child graphs: gdbench has none
    return enqueue(s, [exec] {
        for (const Task& task : exec->tasks) {
            if (CUresult r = task()) return r;
        }
        return SUCCESS;
    });
}

API cuEventCreate(Event** event, unsigned flags)
{
    LOCKED;
    if (CUresult r = need_context()) return r;
    if (event == nullptr) return INVALID_VALUE;
    *event = new Event{current, flags, false, {}};
    driver().events.insert(*event);
    return SUCCESS;
}

API cuEventDestroy_v2(Event* event)
{
    LOCKED;
    if (CUresult r = need_context()) return r;
    if (!driver().events.count(event)) return INVALID_HANDLE;
    driver().events.erase(event);
    delete event;
    return SUCCESS;
}

API cuEventRecord(Event* event, Stream* stream)
{
    LOCKED;
    if (CUresult r = need_context()) return r;
    if (!driver().events.count(event)) return INVALID_HANDLE;
    Stream* s;
    if (CUresult r = stream_for(stream, s)) return r;
    return enqueue(s, [event] {
        event->recorded = true;
        event->at = std::chrono::steady_clock::now();
        return SUCCESS;
    });
}

API cuEventSynchronize(Event* event)
{
    LOCKED;
    if (CUresult r = need_context()) return r;
    if (!driver().events.count(event)) return INVALID_HANDLE;
    return unsafe_during_capture();
}

API cuEventQuery(Event* event)
{
    LOCKED;
    if (CUresult r = need_context()) return r;
    return driver().events.count(event) ? SUCCESS : INVALID_HANDLE;
}

API cuEventElapsedTime(float* milliseconds, Event* start, Event* end)
{
    LOCKED;
    if (CUresult r = need_context()) return r;
    if (!driver().events.count(start) || !driver().events.count(end)) return INVALID_HANDLE;
    if (!start->recorded || !end->recorded || ((start->flags | end->flags) & EVENT_DISABLE_TIMING)) {
        return INVALID_HANDLE;
    }
    *milliseconds = std::chrono::duration<float, std::milli>(end->at - start->at).count();
    return SUCCESS;
}

API cuModuleLoadData(Module** module, const void* image)
{
    LOCKED;
    if (CUresult r = need_context()) return r;
    if (CUresult r = unsafe_during_capture()) return r;
    if (module == nullptr || image == nullptr) return INVALID_VALUE;
    // A fatbin's header: magic, version (2 bytes), header size (2), size of what follows (8).
    const auto* bytes = static_cast<const unsigned char*>(image);
    unsigned magic;
    unsigned short header;
    unsigned long long body;
    memcpy(&magic, bytes, 4);
    if (magic != FATBIN_MAGIC) return INVALID_IMAGE;
    memcpy(&header, bytes + 6, 2);
    memcpy(&body, bytes + 8, 8);
    *module = new Module{current, std::vector<unsigned char>(bytes, bytes + header + body), {}};
    driver().modules.insert(*module);
    return SUCCESS;
}

API cuModuleGetFunction(const void** function, Module* module, const char* name)
{
    LOCKED;
    if (CUresult r = need_context()) return r;
    if (!driver().modules.count(module)) return INVALID_HANDLE;
    if (function == nullptr || name == nullptr) return INVALID_VALUE;
    auto known = module->functions.find(name);
    if (known == module->functions.end()) {
        const KernelEntry* entry = nullptr;
        for (const KernelEntry& k : KERNELS) {
            if (strcmp(k.name, name) == 0) entry = &k;
        }
        if (entry == nullptr || !image_names(module->image, name)) return NOT_FOUND;
        known = module->functions.emplace(name, std::make_unique<const KernelEntry*>(entry)).first;
        driver().functions[known->second.get()] = Function{entry, module};
    }
    *function = known->second.get();
    return SUCCESS;
}

API cuModuleUnload(Module* module)
{
    LOCKED;
    if (CUresult r = need_context()) return r;
    if (CUresult r = unsafe_during_capture()) return r;
    if (!driver().modules.count(module)) return INVALID_HANDLE;
    for (auto& f : module->functions) driver().functions.erase(f.second.get());
    driver().modules.erase(module);
    delete module;
    return SUCCESS;
}

API cuLaunchKernel(const void* function, unsigned grid_x, unsigned grid_y, unsigned grid_z, unsigned block_x,
                   unsigned block_y, unsigned block_z, unsigned shared_bytes, Stream* stream, void** parameters,
                   void** extra)
{
    LOCKED;
    if (CUresult r = need_context()) return r;
    auto f = driver().functions.find(function);
    if (f == driver().functions.end() || f->second.module->context != current) return INVALID_HANDLE;
    if (extra != nullptr) return NOT_SUPPORTED;
    if (parameters == nullptr) return INVALID_VALUE;
    if (grid_x == 0 || grid_y == 0 || grid_z == 0 || block_x == 0 || block_y == 0 || block_z == 0
        || grid_x > MAX_GRID_X || grid_y > MAX_GRID_YZ || grid_z > MAX_GRID_YZ || block_x > MAX_BLOCK_X
        || block_y > MAX_BLOCK_Y || block_z > MAX_BLOCK_Z || block_x * block_y * block_z > MAX_BLOCK_THREADS
        || shared_bytes > MAX_SHARED_BYTES) {
        return INVALID_VALUE;
    }
    Stream* s;
    if (CUresult r = stream_for(stream, s)) return r;
    const std::string name = f->second.entry->name;
    auto bound = std::make_shared<BoundCall>(f->second.entry->bind(parameters));
    const Dim3 grid{grid_x, grid_y, grid_z}, block{block_x, block_y, block_z};
    return enqueue(s, [name, bound, grid, block] { return run_kernel(name, *bound, grid, block); });
}

API cuGetErrorName(CUresult error, const char** name)
{
    static const std::map<CUresult, const char*> names = {
        {SUCCESS, "CUDA_SUCCESS"}, {INVALID_VALUE, "CUDA_ERROR_INVALID_VALUE"},
        {OUT_OF_MEMORY, "CUDA_ERROR_OUT_OF_MEMORY"}, {NOT_INITIALIZED, "CUDA_ERROR_NOT_INITIALIZED"},
        {NO_DEVICE, "CUDA_ERROR_NO_DEVICE"}, {INVALID_DEVICE, "CUDA_ERROR_INVALID_DEVICE"},
        {INVALID_IMAGE, "CUDA_ERROR_INVALID_IMAGE"}, {INVALID_CONTEXT, "CUDA_ERROR_INVALID_CONTEXT"},
        {INVALID_HANDLE, "CUDA_ERROR_INVALID_HANDLE"}, {ILLEGAL_STATE, "CUDA_ERROR_ILLEGAL_STATE"},
        {NOT_FOUND, "CUDA_ERROR_NOT_FOUND"}, {ILLEGAL_ADDRESS, "CUDA_ERROR_ILLEGAL_ADDRESS"},
        {LAUNCH_FAILED, "CUDA_ERROR_LAUNCH_FAILED"}, {NOT_SUPPORTED, "CUDA_ERROR_NOT_SUPPORTED"},
        {CAPTURE_UNSUPPORTED, "CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED"},
        {CAPTURE_INVALIDATED, "CUDA_ERROR_STREAM_CAPTURE_INVALIDATED"},
        {CAPTURE_IMPLICIT, "CUDA_ERROR_STREAM_CAPTURE_IMPLICIT"},
        {CAPTURE_WRONG_THREAD, "CUDA_ERROR_STREAM_CAPTURE_WRONG_THREAD"},
    };
    auto it = names.find(error);
    if (name == nullptr || it == names.end()) return INVALID_VALUE;
    *name = it->second;
    return SUCCESS;
}
