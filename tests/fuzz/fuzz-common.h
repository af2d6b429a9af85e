/* What every libFuzzer target here shares. */
#pragma once

#include <glib.h>

/* GLib logging silenced except criticals and errors, which are made fatal: a critical is a bug the
 * fuzzer should report, not a line in a log.  For LLVMFuzzerInitialize. */
void fuzz_quiet_glib (void);

/* Prints "<target>: invariant broken: <message>" and aborts, so libFuzzer
 * keeps the input. */
void fuzz_broken (const char *fmt, ...) G_GNUC_NORETURN G_GNUC_PRINTF (1, 2);
