/* libFuzzer target for SDP (plugins/sip/sdp.c): sdp_parse(),
 * sdp_session_to_string(), sdp_make_answer() and sdp_process_answer().
 *
 * Beyond "no crash, no leak, no undefined behaviour" it checks:
 *   - a failed parse says which line is wrong;
 *   - every slice of a parsed description lies inside the input;
 *   - writing a parsed description out gives text that parses again and
 *     writes out the same (a fixed point), with the same m= lines;
 *   - an answer, when there is one, parses, has as many m= lines as the
 *     offer, and lists only codecs the phone can run (and telephone-event);
 *     when there is none, the error explains every m= line;
 *   - reading the input as an answer never crashes and keeps its report.
 * A broken invariant calls abort(), so libFuzzer keeps the input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz-common.h"
#include "sdp.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const SdpCodec codecs[] = {
  { "G729", 18, 8000, 1, "annexb=no" },
  { "PCMU", 0, 8000, 1, NULL },
  { "PCMA", 8, 8000, 1, NULL },
  { "L16", -1, 16000, 2, NULL },
};

typedef struct {
  const char *buf;
  gsize len;
} Input;

static void
check_slice (const Input *in, const char *what, SipStr s)
{
  if (!s.p)
    return;
  if (s.p < in->buf || s.p > in->buf + in->len || s.len > (gsize) (in->buf + in->len - s.p))
    fuzz_broken ("%s lies outside the input", what);
}

static void
check_list (const Input *in, const char *what, const GArray *arr)
{
  for (guint i = 0; arr && i < arr->len; i++)
    check_slice (in, what, g_array_index (arr, SipStr, i));
}

static void
check_slices (const Input *in, const SdpSession *sdp)
{
  check_slice (in, "o= user", sdp->origin_user);
  check_slice (in, "o= id", sdp->sess_id);
  check_slice (in, "o= version", sdp->sess_version);
  check_slice (in, "o= address", sdp->origin_addr);
  check_slice (in, "s=", sdp->name);
  check_slice (in, "t=", sdp->timing);
  check_slice (in, "c=", sdp->conn.addr);
  check_list (in, "b=", sdp->bandwidth);
  check_list (in, "a=", sdp->attrs);
  if (sdp->n_media > SDP_MAX_MEDIA)
    fuzz_broken ("%u m= lines", sdp->n_media);
  for (guint i = 0; i < sdp->n_media; i++)
    {
      const SdpMedia *m = &sdp->media[i];
      check_slice (in, "m= media", m->media);
      check_slice (in, "m= proto", m->proto);
      check_slice (in, "m= formats", m->fmt_list);
      check_slice (in, "media c=", m->conn.addr);
      check_slice (in, "a=rtcp", m->rtcp);
      check_list (in, "a=crypto", m->crypto);
      check_list (in, "media b=", m->bandwidth);
      check_list (in, "media a=", m->attrs);
      if (m->n_formats > SDP_MAX_FORMATS)
        fuzz_broken ("%u formats", m->n_formats);
      for (guint k = 0; k < m->n_formats; k++)
        {
          /* static encodings point at the RFC 3551 table instead */
          if (m->formats[k].has_rtpmap)
            check_slice (in, "rtpmap encoding", m->formats[k].encoding);
          check_slice (in, "fmtp", m->formats[k].fmtp);
        }
    }
}

static SdpSession *
parse (const char *buf, gsize len, const char *what)
{
  GError *error = NULL;
  SdpSession *sdp = sdp_parse (buf, len, &error);
  if (!sdp)
    {
      if (!error || error->domain != SDP_ERROR || !error->message[0])
        fuzz_broken ("%s failed without an SDP_ERROR", what);
      if (what[0] == 'w')
        fuzz_broken ("%s does not parse (%s):\n%.*s", what, error->message, (int) len, buf);
      g_error_free (error);
      return NULL;
    }
  return sdp;
}

static void
check_round_trip (const SdpSession *sdp)
{
  char *s1 = sdp_session_to_string (sdp), *s2;
  SdpSession *again = parse (s1, strlen (s1), "written text");
  Input in = { s1, strlen (s1) };

  check_slices (&in, again);
  if (again->n_media != sdp->n_media)
    fuzz_broken ("%u m= lines became %u:\n%s", sdp->n_media, again->n_media, s1);
  for (guint i = 0; i < sdp->n_media; i++)
    if (again->media[i].n_formats != sdp->media[i].n_formats ||
        again->media[i].port != sdp->media[i].port || again->media[i].dir != sdp->media[i].dir)
      fuzz_broken ("m= line %u changed in writing:\n%s", i, s1);
  s2 = sdp_session_to_string (again);
  if (strcmp (s1, s2) != 0)
    fuzz_broken ("not a fixed point:\n%s\n----\n%s", s1, s2);
  g_free (s2);
  sdp_session_free (again);
  g_free (s1);
}

static gboolean
runnable (const SdpFormat *f, const SdpLocal *local)
{
  if (sip_str_caseeq (f->encoding, "telephone-event"))
    return local->dtmf_pt >= 0;
  for (guint i = 0; i < local->n_codecs; i++)
    if (sip_str_caseeq (f->encoding, local->codecs[i].encoding) &&
        f->clock_rate == local->codecs[i].clock_rate)
      return TRUE;
  return FALSE;
}

static void
check_answer (const SdpSession *offer, const SdpLocal *local)
{
  SdpOrigin origin;
  SdpNegotiated neg = { 0 };
  GError *error = NULL;
  char *text;

  sdp_origin_init (&origin, 77);
  text = sdp_make_answer (offer, local, &origin, &neg, &error);
  if (text)
    {
      SdpSession *answer = parse (text, strlen (text), "written answer");
      guint accepted = 0;
      if (answer->n_media != offer->n_media)
        fuzz_broken ("an answer with %u m= lines to %u:\n%s", answer->n_media, offer->n_media, text);
      for (guint i = 0; i < answer->n_media; i++)
        {
          const SdpMedia *m = &answer->media[i];
          if (!m->port)
            continue;
          accepted++;
          for (guint k = 0; k < m->n_formats; k++)
            if (!runnable (&m->formats[k], local))
              fuzz_broken ("the answer holds a codec the phone cannot run:\n%s", text);
        }
      if (accepted != 1 || !neg.n_codecs || !neg.remote_addr)
        fuzz_broken ("an answer that accepts %u streams, %u codecs:\n%s", accepted, neg.n_codecs, text);
      sdp_session_free (answer);
      g_free (text);
    }
  else
    {
      if (!error || !g_error_matches (error, SDP_ERROR, SDP_ERROR_NOT_ACCEPTABLE))
        fuzz_broken ("no answer and no SDP_ERROR_NOT_ACCEPTABLE");
      if (neg.n_report != offer->n_media || (neg.warn_code != 304 && neg.warn_code != 305))
        fuzz_broken ("a refusal without a full report");
      for (const char *c = error->message; *c; c++)
        if ((guchar) *c < 0x20 || *c == '"' || *c == '\\' || (guchar) *c >= 0x7f)
          fuzz_broken ("the Warning text holds a byte a quoted-string may not: %s", error->message);
      g_error_free (error);
    }
  sdp_negotiated_clear (&neg);
  sdp_origin_clear (&origin);
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
  /* exactly @size bytes, not NUL-terminated, so ASan sees any overread */
  char *buf = g_memdup2 (data, size ? size : 1);
  Input in = { buf, size };
  SdpLocal local = { codecs, G_N_ELEMENTS (codecs), size % 3 ? 101 : -1, "192.0.2.10", 4000,
                     size % 2 ? 20 : 0, size % 4, NULL };
  SdpSession *sdp = parse (buf, size, "input");

  if (sdp)
    {
      SdpNegotiated neg = { 0 };
      GError *error = NULL;
      check_slices (&in, sdp);
      check_round_trip (sdp);
      check_answer (sdp, &local);
      if (!sdp_process_answer (&local, sdp, &neg, &error))
        g_error_free (error);
      else if (!neg.n_codecs || neg.n_report != 1)
        fuzz_broken ("an answer accepted without codecs or report");
      sdp_negotiated_clear (&neg);
      sdp_session_free (sdp);
    }
  g_free (buf);
  return 0;
}
