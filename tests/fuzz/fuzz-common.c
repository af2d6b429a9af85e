#define _GNU_SOURCE /* program_invocation_short_name */
#include "fuzz-common.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* Log records would flood the output; only the fatal ones are worth
 * reading, next to the crash they cause. */
static GLogWriterOutput
drop_logs (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    return g_log_writer_default (level, fields, n_fields, data);
  return G_LOG_WRITER_HANDLED;
}

void
fuzz_quiet_glib (void)
{
  g_log_set_writer_func (drop_logs, NULL, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
}

void
fuzz_broken (const char *fmt, ...)
{
  va_list ap;
  fprintf (stderr, "%s: invariant broken: ", program_invocation_short_name);
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fputc ('\n', stderr);
  abort ();
}
