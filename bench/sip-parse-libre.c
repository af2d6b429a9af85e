/* bench-sip-parse adapter for libre (Debian libre-dev): sip_msg_decode().
 *
 * The bytes are copied into a fresh mbuf per message, as libre's own UDP and
 * TCP receive paths hand it one, so the copy is counted as it is for
 * deskphone's parser.  sip_msg_decode() decodes the start line, the
 * Request-URI, the top Via, From, To, CSeq and Content-Type, and splits
 * comma-separated header values into one sip_hdr each.  libre has no
 * encoder for a decoded struct sip_msg (it builds outgoing requests from
 * printf-style header strings), so there is no serialize. */
#include <string.h>

#include <re.h>

#include "sip-parse-libs.h"

static int
libre_bench_init (void)
{
  return libre_init ();
}

static void
libre_bench_fini (void)
{
  libre_close ();
}

static void *
libre_bench_parse (const char *buf, size_t len)
{
  struct mbuf *mb = mbuf_alloc (len);
  struct sip_msg *msg = NULL;
  int err;

  if (!mb)
    return NULL;
  if (mbuf_write_mem (mb, (const uint8_t *) buf, len) != 0)
    {
      mem_deref (mb);
      return NULL;
    }
  mb->pos = 0;
  err = sip_msg_decode (&msg, mb);
  mem_deref (mb); /* the message holds its own reference */
  return err ? NULL : msg;
}

static size_t
libre_bench_call_id (void *m, char *out, size_t size)
{
  const struct sip_msg *msg = m;
  size_t n = msg->callid.l < size - 1 ? msg->callid.l : size - 1;
  if (msg->callid.p)
    memcpy (out, msg->callid.p, n);
  else
    n = 0;
  out[n] = '\0';
  return n;
}

static void
libre_bench_free (void *m)
{
  mem_deref (m);
}

const BenchSipLib bench_sip_libre = {
  .name = "libre " BENCH_LIB_VERSION,
  .init = libre_bench_init,
  .fini = libre_bench_fini,
  .parse = libre_bench_parse,
  .serialize = NULL,
  .call_id = libre_bench_call_id,
  .free = libre_bench_free,
  .note = "libre: no encoder for a decoded struct sip_msg (re_sip.h offers "
          "sip_msg_decode only), so parse+serialize is empty",
};
