#ifndef C_FUZZ_DRIVER_H
#define C_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, linked with -sanitize=fuzzer): runs the fuzzing loop over
/// `callback` with the command line's options. The fuzz targets call it from their `main`,
/// which SwiftPM's executables must have.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
