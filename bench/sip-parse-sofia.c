/* bench-sip-parse adapter for sofia-sip (Debian libsofia-sip-ua-dev):
 * msg_make() parses (it copies the bytes into the message's own buffer and
 * decodes every known header into its structure: URIs, Via and other
 * parameters, digest parameters; the body stays a payload), and
 * msg_as_string() re-encodes (msg_serialize() + each header printed into
 * one buffer allocated in the message's home, freed with it). */
#include <stdlib.h>
#include <string.h>

#include <sofia-sip/msg.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_protos.h>

#include "sip-parse-libs.h"

static int
sofia_bench_init (void)
{
  return sip_default_mclass () ? 0 : -1;
}

static void
sofia_bench_fini (void)
{
}

static void *
sofia_bench_parse (const char *buf, size_t len)
{
  msg_t *msg = msg_make (sip_default_mclass (), 0, buf, (ssize_t) len);
  if (!msg)
    return NULL;
  if (msg_object (msg)->msg_flags & MSG_FLG_ERROR)
    {
      msg_destroy (msg);
      return NULL;
    }
  return msg;
}

static size_t
sofia_bench_serialize (void *m, char **out)
{
  msg_t *msg = m;
  size_t len = 0;
  char *s = msg_as_string (msg_home (msg), msg, NULL, 0, &len);
  if (!s)
    return 0;
  if (out)
    {
      *out = malloc (len + 1);
      memcpy (*out, s, len);
      (*out)[len] = '\0';
    }
  return len;
}

static size_t
sofia_bench_call_id (void *m, char *out, size_t size)
{
  sip_t const *sip = sip_object (m);
  size_t n = 0;
  if (sip && sip->sip_call_id && sip->sip_call_id->i_id && !sip->sip_error)
    {
      n = strlen (sip->sip_call_id->i_id);
      if (n > size - 1)
        n = size - 1;
      memcpy (out, sip->sip_call_id->i_id, n);
    }
  out[n] = '\0';
  return n;
}

static void
sofia_bench_free (void *m)
{
  msg_destroy (m);
}

const BenchSipLib bench_sip_sofia = {
  .name = "sofia-sip " BENCH_LIB_VERSION,
  .init = sofia_bench_init,
  .fini = sofia_bench_fini,
  .parse = sofia_bench_parse,
  .serialize = sofia_bench_serialize,
  .call_id = sofia_bench_call_id,
  .free = sofia_bench_free,
  .note = NULL,
};
