/* One trampoline per forwarded symbol: jump to the function resolve_from_cublas13 stored for it.
   __COUNTER__ numbers the symbols in the same order as the names[] table in cublas_forward.c. */
#define SYMBOL(name)                                            \
    .globl name;                                                \
    .type name, @function;                                      \
    name:                                                       \
    jmp *(gdbench_cublas_table + 8 * __COUNTER__)(%rip);        \
    .size name, . - name;

    .text
#include "cublas_symbols.inc"

    .section .note.GNU-stack, "", @progbits
