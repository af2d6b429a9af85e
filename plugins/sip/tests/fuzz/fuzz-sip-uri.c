/* libFuzzer target for the URI parser (plugins/sip/uri.c): sip_uri_parse(),
 * parameter lookup, sip_unescape() and sip_uri_equal().
 *
 * Beyond "no crash, no leak, no undefined behaviour" it checks:
 *   - a failed parse gives a reason;
 *   - every slice of a parsed URI lies inside the input;
 *   - for SIP and SIPS URIs, equality is reflexive: a URI equals itself and
 *     an identical copy of itself at another address (dialog matching and
 *     Request-URI checks compare URIs this way);
 *   - the first half of the input compared with the second half gives the
 *     same answer both ways round (equality is symmetric).
 * A broken invariant calls abort(), so libFuzzer keeps the input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz-common.h"
#include "uri.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_slice (const char *buf, gsize len, const char *what, SipStr s)
{
  if (!s.p)
    return;
  if (s.p < buf || s.p > buf + len || s.len > (gsize) (buf + len - s.p))
    fuzz_broken ("%s lies outside the input", what);
}

static gboolean
parse (const char *buf, gsize len, SipUri *uri)
{
  const char *why = NULL;
  if (!sip_uri_parse (buf, len, uri, &why))
    {
      if (!why)
        fuzz_broken ("sip_uri_parse failed without a reason");
      return FALSE;
    }
  check_slice (buf, len, "scheme", uri->scheme_str);
  check_slice (buf, len, "user", uri->user);
  check_slice (buf, len, "password", uri->password);
  check_slice (buf, len, "host", uri->host);
  check_slice (buf, len, "params", uri->params);
  check_slice (buf, len, "headers", uri->headers);
  check_slice (buf, len, "opaque", uri->opaque);
  return TRUE;
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_quiet_glib ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* a copy of exactly @size bytes, so ASan sees any read past the end */
  char *buf = g_memdup2 (data, size ? size : 1);
  char *copy = g_memdup2 (data, size ? size : 1);
  SipUri uri, same, a, b;

  if (parse (buf, size, &uri))
    {
      SipStr v;
      g_free (sip_unescape (uri.user));
      g_free (sip_unescape (uri.host));
      sip_uri_param (&uri, "transport", &v);
      sip_uri_param (&uri, "lr", &v);
      if (uri.scheme == SIP_URI_SIP || uri.scheme == SIP_URI_SIPS)
        {
          if (!sip_uri_equal (&uri, &uri))
            fuzz_broken ("a SIP URI is not equal to itself: '%.*s'", (int) size, buf);
          if (!parse (copy, size, &same))
            fuzz_broken ("the same bytes parsed once and not twice: '%.*s'", (int) size, buf);
          if (!sip_uri_equal (&uri, &same) || !sip_uri_equal (&same, &uri))
            fuzz_broken ("a SIP URI is not equal to a copy of itself: '%.*s'", (int) size, buf);
        }
    }
  /* symmetry: split at the first space, if any */
  {
    const char *sp = memchr (buf, ' ', size);
    if (sp && parse (buf, sp - buf, &a) && parse (sp + 1, buf + size - sp - 1, &b) &&
        sip_uri_equal (&a, &b) != sip_uri_equal (&b, &a))
      fuzz_broken ("sip_uri_equal is not symmetric for '%.*s'", (int) size, buf);
  }
  g_free (copy);
  g_free (buf);
  return 0;
}
