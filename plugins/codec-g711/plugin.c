/* The G.711 codec plugin: codec:PCMU (μ-law, RTP payload type 0) and
 * codec:PCMA (A-law, type 8), 8 kHz mono, one byte per sample.  G.711 keeps
 * no history, so a state only remembers its law; loss concealment is left
 * to the media path (conceal is NULL). */
#include <deskphone/deskphone.h>

#include "g711.h"

typedef enum { LAW_ULAW, LAW_ALAW } Law;

struct _DeskCodecState {
  Law law;
};

static DeskCodecState *
state_new (Law law)
{
  DeskCodecState *s = g_new0 (DeskCodecState, 1);
  s->law = law;
  return s;
}

static DeskCodecState *
ulaw_new (const char *fmtp, GError **error)
{
  return state_new (LAW_ULAW);
}

static DeskCodecState *
alaw_new (const char *fmtp, GError **error)
{
  return state_new (LAW_ALAW);
}

static void
state_free (DeskCodecState *state)
{
  g_free (state);
}

static gssize
encode (DeskCodecState *state, const gint16 *pcm, gsize n_samples,
        guint8 *out, gsize out_size)
{
  if (out_size < n_samples || n_samples > G_MAXSSIZE)
    return -1;
  if (state->law == LAW_ULAW)
    g711_ulaw_encode (pcm, out, n_samples);
  else
    g711_alaw_encode (pcm, out, n_samples);
  return n_samples;
}

/* Every byte is a valid character, so only a short buffer fails. */
static gssize
decode (DeskCodecState *state, const guint8 *payload, gsize len,
        gint16 *pcm, gsize pcm_size)
{
  if (pcm_size < len || len > G_MAXSSIZE)
    return -1;
  if (state->law == LAW_ULAW)
    g711_ulaw_decode (payload, pcm, len);
  else
    g711_alaw_decode (payload, pcm, len);
  return len;
}

static const DeskCodecIface pcmu_iface = {
  .version = DESK_CODEC_IFACE_VERSION,
  .encoding = "PCMU",
  .clock_rate = 8000,
  .sample_rate = 8000,
  .channels = 1,
  .static_pt = 0,
  .frame_ms = 10,
  .fmtp = NULL,
  .encoder_new = ulaw_new,
  .decoder_new = ulaw_new,
  .state_free = state_free,
  .encode = encode,
  .decode = decode,
  .conceal = NULL,
};

static const DeskCodecIface pcma_iface = {
  .version = DESK_CODEC_IFACE_VERSION,
  .encoding = "PCMA",
  .clock_rate = 8000,
  .sample_rate = 8000,
  .channels = 1,
  .static_pt = 8,
  .frame_ms = 10,
  .fmtp = NULL,
  .encoder_new = alaw_new,
  .decoder_new = alaw_new,
  .state_free = state_free,
  .encode = encode,
  .decode = decode,
  .conceal = NULL,
};

static gboolean
g711_init (DeskPlugin *plugin, GError **error)
{
  return desk_plugin_provide (plugin, "codec:PCMU", &pcmu_iface, NULL, error) &&
         desk_plugin_provide (plugin, "codec:PCMA", &pcma_iface, NULL, error);
}

static const DeskCapDecl provides[] = {
  { "codec:PCMU", "rate=8000;channels=1;ptime=10..60;pt=0", DESK_CODEC_IFACE_VERSION },
  { "codec:PCMA", "rate=8000;channels=1;ptime=10..60;pt=8", DESK_CODEC_IFACE_VERSION },
  DESK_CAP_END,
};

DESK_PLUGIN_DEFINE (
  .name = "codec-g711",
  .version = "0.1.0",
  .description = "G.711 codec: PCMU (mu-law) and PCMA (A-law)",
  .kind = DESK_PLUGIN_KIND_CODEC,
  .provides = provides,
  .init = g711_init);
