/* The SDP state of one call, between the call layer and sdp.c.
 *
 * Until the media plugin exists, the RTP port is taken by number from
 * start_media_port..end_media_port and nothing listens on it: signalling
 * is complete, audio is not (see docs/sip.md). */
#include "call-media.h"
#include "sdp.h"

struct _CallMedia {
  SipUa *ua;
  guint line;
  char *addr;
  guint16 port;
  SdpOrigin origin;
  SdpNegotiated neg;
  gboolean have_neg;
  gboolean offer_hold; /* our last offer put the call on hold */
  gboolean awaiting_answer;
};

CallMedia *
call_media_new (SipUa *ua, guint line)
{
  CallMedia *m = g_new0 (CallMedia, 1);
  gint64 lo = desk_config_get_int (ua->config, "start_media_port");
  gint64 hi = desk_config_get_int (ua->config, "end_media_port");
  guint slots = hi > lo ? (guint) ((hi - lo) / 2) : 1;
  m->ua = ua;
  m->line = line;
  m->addr = g_strdup ("127.0.0.1");
  /* even port, RTCP above it (RFC 3550 11) */
  m->port = (guint16) ((lo + 2 * (ua->call_counter % MAX (slots, 1))) & ~1);
  sdp_origin_init (&m->origin, (guint64) g_get_real_time ());
  return m;
}

void
call_media_free (CallMedia *m)
{
  if (!m)
    return;
  sdp_origin_clear (&m->origin);
  sdp_negotiated_clear (&m->neg);
  g_free (m->addr);
  g_free (m);
}

void
call_media_set_local_addr (CallMedia *m, const char *addr)
{
  g_free (m->addr);
  m->addr = g_strdup (addr);
}

/* The preferred_codec setting as an RTP encoding name. */
static const char *
preferred (SipUa *ua)
{
  const char *p = desk_config_get_string (ua->config, "preferred_codec");
  if (!g_ascii_strcasecmp (p, "g711ulaw"))
    return "PCMU";
  if (!g_ascii_strcasecmp (p, "g711alaw"))
    return "PCMA";
  if (!g_ascii_strncasecmp (p, "g729", 4))
    return "G729";
  return NULL;
}

/* Our side: the codec providers, preferred first, in @out. */
static void
local_side (CallMedia *m, GArray *codecs, SdpLocal *local, SdpDirection dir)
{
  g_autoptr (GPtrArray) provs = desk_registry_lookup_all (m->ua->registry, "codec:*");
  const char *pref = preferred (m->ua);
  gint64 avt = desk_config_get_int (m->ua->config, "dtmf_avt_payload");
  const char *oob = desk_config_get_string (m->ua->config, "dtmf_outofband");

  for (guint i = 0; i < provs->len; i++)
    {
      const DeskProvider *p = g_ptr_array_index (provs, i);
      const DeskCodecIface *ci = p->iface;
      SdpCodec c;
      if (!ci || ci->version < 1)
        continue;
      c = (SdpCodec) { ci->encoding, ci->static_pt, ci->clock_rate, ci->channels, ci->fmtp };
      if (pref && !g_ascii_strcasecmp (pref, ci->encoding))
        g_array_prepend_val (codecs, c);
      else
        g_array_append_val (codecs, c);
    }
  memset (local, 0, sizeof *local);
  local->codecs = (const SdpCodec *) codecs->data;
  local->n_codecs = codecs->len;
  /* dtmf_avt_payload above 127 means 101 (the 7960's rule) */
  local->dtmf_pt = !g_ascii_strcasecmp (oob, "none") ? -1 : (avt >= 96 && avt <= 127 ? avt : 101);
  local->addr = m->addr;
  local->port = m->port;
  local->ptime = 20;
  local->dir = dir;
  local->user = "deskphone";
}

static gboolean
no_codec (GError **error)
{
  g_set_error (error, SDP_ERROR, SDP_ERROR_NOT_ACCEPTABLE,
               "the phone has no codec: add a codec plugin (codec-g711) to the product profile");
  return FALSE;
}

const char *
call_media_codec (CallMedia *m)
{
  return m->have_neg && m->neg.n_codecs ? m->neg.codecs[0].encoding : "";
}

char *
call_media_offer (CallMedia *m, gboolean hold, GError **error)
{
  g_autoptr (GArray) codecs = g_array_new (FALSE, FALSE, sizeof (SdpCodec));
  SdpLocal local;
  local_side (m, codecs, &local, hold ? SDP_DIR_SENDONLY : SDP_DIR_SENDRECV);
  if (!local.n_codecs)
    return no_codec (error), NULL;
  m->offer_hold = hold;
  m->awaiting_answer = TRUE;
  return sdp_make_offer (&local, &m->origin);
}

gboolean
call_media_take_answer (CallMedia *m, SipStr body, gboolean early, GError **error)
{
  g_autoptr (GArray) codecs = g_array_new (FALSE, FALSE, sizeof (SdpCodec));
  g_autoptr (SdpSession) sdp = NULL;
  SdpLocal local;

  if (!body.len)
    {
      if (early)
        return TRUE;
      g_set_error (error, SDP_ERROR, SDP_ERROR_INVALID_ANSWER, "the answer carries no SDP");
      return FALSE;
    }
  if (!(sdp = sdp_parse (body.p, body.len, error)))
    return FALSE;
  local_side (m, codecs, &local, m->offer_hold ? SDP_DIR_SENDONLY : SDP_DIR_SENDRECV);
  if (!sdp_process_answer (&local, sdp, &m->neg, error))
    return FALSE;
  m->have_neg = TRUE;
  m->awaiting_answer = early;
  return TRUE;
}

static char *
answer (CallMedia *m, SipStr offer, SdpNegotiated *neg, GError **error)
{
  g_autoptr (GArray) codecs = g_array_new (FALSE, FALSE, sizeof (SdpCodec));
  g_autoptr (SdpSession) sdp = NULL;
  SdpLocal local;

  if (!(sdp = sdp_parse (offer.p, offer.len, error)))
    return NULL;
  local_side (m, codecs, &local, SDP_DIR_SENDRECV);
  if (!local.n_codecs)
    return no_codec (error), NULL;
  return sdp_make_answer (sdp, &local, &m->origin, neg, error);
}

gboolean
call_media_check_offer (CallMedia *m, SipStr body, GError **error)
{
  SdpOrigin saved = m->origin;
  SdpNegotiated neg = { 0 };
  g_autofree char *text = NULL;
  /* a trial: leave the origin as it was */
  saved.last = g_strdup (m->origin.last);
  text = answer (m, body, &neg, error);
  sdp_negotiated_clear (&neg);
  sdp_origin_clear (&m->origin);
  m->origin = saved;
  return text != NULL;
}

char *
call_media_answer_or_offer (CallMedia *m, SipStr offer, GError **error)
{
  char *text;
  if (!offer.len)
    return call_media_offer (m, FALSE, error);
  text = answer (m, offer, &m->neg, error);
  if (text)
    {
      m->have_neg = TRUE;
      m->offer_hold = FALSE;
    }
  return text;
}

gboolean
call_media_on_hold (CallMedia *m)
{
  return m->offer_hold;
}

void
call_media_set_hold (CallMedia *m, gboolean hold)
{
  m->offer_hold = hold;
}

gboolean
call_media_remote_on_hold (CallMedia *m)
{
  return m->have_neg && m->neg.hold != SDP_HOLD_NONE;
}
