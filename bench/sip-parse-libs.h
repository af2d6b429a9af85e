/* bench-sip-parse: one SIP parser seen through a common table, so the
 * timing loop is the same for each.  deskphone's adapter is in
 * bench-sip-parse.c; the others each have their own file, compiled only when
 * the library is found (HAVE_LIBRE, HAVE_SOFIA) and with relaxed warnings,
 * because their headers do not build cleanly under our -Werror flags. */
#pragma once

#include <stddef.h>

typedef struct {
  const char *name;
  /* 0 on success */
  int (*init) (void);
  void (*fini) (void);
  /* Parses one whole message (the bytes are copied, as a receive path
   * would); NULL if the library refused it. */
  void *(*parse) (const char *buf, size_t len);
  /* Re-encodes a parsed message and returns the encoded length; with @out
   * set, also a malloc'd copy of the bytes.  NULL when the library has no
   * way to re-encode a parsed message. */
  size_t (*serialize) (void *msg, char **out);
  /* Copies the parsed Call-ID (NUL-terminated) into @out; returns its
   * length, 0 if the message has none. */
  size_t (*call_id) (void *msg, char *out, size_t size);
  void (*free) (void *msg);
  /* shown under the table; may be NULL */
  const char *note;
} BenchSipLib;

#ifdef HAVE_LIBRE
extern const BenchSipLib bench_sip_libre;
#endif
#ifdef HAVE_SOFIA
extern const BenchSipLib bench_sip_sofia;
#endif
