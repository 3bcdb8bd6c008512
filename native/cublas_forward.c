/*
 * libcublas.so.12 for machines that have only libcublas.so.13.
 *
 * JCuda 12.6's libJCublas2 is linked against libcublas.so.12 and imports every cuBLAS function with
 * the symbol version "libcublas.so.12". This library carries that soname and defines that
 * version node (build-cublas-forward.sh writes the version script from libJCublas2's own dynamic
 * symbol table), and each exported function is a one-instruction trampoline (cublas_forward_stubs.S)
 * that jumps through a table filled here, at load time, from libcublas.so.13 with dlsym. The
 * trampolines never touch arguments or return values, so no signature has to be known.
 *
 * Functions that libcublas.so.13 no longer has forward to missing_function, which returns
 * CUBLAS_STATUS_NOT_SUPPORTED: every cuBLAS entry point libJCublas2 imports returns a
 * cublasStatus_t except a handful of getters that gdbench never calls.
 */
#include <dlfcn.h>
#include <stdio.h>

#define CUBLAS_STATUS_NOT_SUPPORTED 15

static const char *const names[] = {
#define SYMBOL(name) #name,
#include "cublas_symbols.inc"
#undef SYMBOL
};

#define SYMBOL_COUNT (sizeof(names) / sizeof(names[0]))

/* Read by the trampolines: entry i is the libcublas.so.13 function for names[i]. */
void *gdbench_cublas_table[SYMBOL_COUNT];

static int missing_function(void)
{
    return CUBLAS_STATUS_NOT_SUPPORTED;
}

__attribute__((constructor)) static void resolve_from_cublas13(void)
{
    const char *target = "libcublas.so.13";
    void *library = dlopen(target, RTLD_NOW | RTLD_GLOBAL);
    if (library == NULL) {
        fprintf(stderr, "gdbench cublas forwarding: %s\n", dlerror());
    }
    for (unsigned i = 0; i < SYMBOL_COUNT; i++) {
        void *function = library == NULL ? NULL : dlsym(library, names[i]);
        gdbench_cublas_table[i] = function != NULL ? function : (void *)missing_function;
    }
}
