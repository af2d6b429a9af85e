/* The G.729 codec plugin: codec:G729 (RTP payload type 18, 8 kHz mono),
 * G.729 Annex A through bcg729, with Annex B (VAD, DTX and comfort noise)
 * when the phone's enable_vad is on and the far end did not answer
 * "annexb=no".
 *
 * One frame is 10 ms: 80 samples in, 10 bytes out.  With Annex B a silent
 * frame is either not sent at all or sent as a 2-byte SID frame, which
 * RFC 3551 4.5.6 puts last in a packet.  enable_vad is read when the plugin
 * starts: it decides the fmtp offered in SDP (RFC 4856: no annexb parameter
 * means annexb=yes) and whether encoders run VAD. */
#include <string.h>

#include <bcg729/decoder.h>
#include <bcg729/encoder.h>
#include <deskphone/deskphone.h>

#define FRAME_SAMPLES 80
#define FRAME_BYTES 10
#define SID_BYTES 2

struct _DeskCodecState {
  gboolean encoder;
  bcg729EncoderChannelContextStruct *enc;
  bcg729DecoderChannelContextStruct *dec;
};

/* "annexb=no" anywhere in @fmtp (RFC 4856 3.1.1: case-insensitive). */
static gboolean
fmtp_refuses_annexb (const char *fmtp)
{
  g_auto (GStrv) params = NULL;

  if (!fmtp)
    return FALSE;
  params = g_strsplit (fmtp, ";", -1);
  for (guint i = 0; params[i]; i++)
    {
      g_strstrip (params[i]);
      if (!g_ascii_strcasecmp (params[i], "annexb=no"))
        return TRUE;
    }
  return FALSE;
}

static DeskCodecState *
encoder_new (gboolean vad)
{
  DeskCodecState *s = g_new0 (DeskCodecState, 1);
  s->encoder = TRUE;
  s->enc = initBcg729EncoderChannel (vad ? 1 : 0);
  return s;
}

static DeskCodecState *
encoder_new_vad (const char *fmtp, GError **error)
{
  return encoder_new (!fmtp_refuses_annexb (fmtp));
}

static DeskCodecState *
encoder_new_plain (const char *fmtp, GError **error)
{
  return encoder_new (FALSE);
}

static DeskCodecState *
decoder_new (const char *fmtp, GError **error)
{
  DeskCodecState *s = g_new0 (DeskCodecState, 1);
  s->dec = initBcg729DecoderChannel ();
  return s;
}

static void
state_free (DeskCodecState *s)
{
  if (!s)
    return;
  if (s->enc)
    closeBcg729EncoderChannel (s->enc);
  if (s->dec)
    closeBcg729DecoderChannel (s->dec);
  g_free (s);
}

/* Whole frames only: @n_samples must be a multiple of 80.  Returns the
 * bytes written: 10 per voice frame, 2 for a SID frame (after which the
 * packet ends: the frames left are not encoded), nothing for a frame DTX
 * leaves out. */
static gssize
encode (DeskCodecState *s, const gint16 *pcm, gsize n_samples, guint8 *out, gsize out_size)
{
  gsize n = 0;

  if (!s->encoder || n_samples % FRAME_SAMPLES ||
      out_size < n_samples / FRAME_SAMPLES * FRAME_BYTES)
    return -1;
  for (gsize i = 0; i < n_samples; i += FRAME_SAMPLES)
    {
      guint8 len = 0;
      bcg729Encoder (s->enc, pcm + i, out + n, &len);
      n += len;
      if (len == SID_BYTES)
        break;
    }
  return n;
}

/* A payload is voice frames of 10 bytes, optionally followed by one SID
 * frame of 2 (RFC 3551 4.5.6); any other length is refused. */
static gssize
decode (DeskCodecState *s, const guint8 *payload, gsize len, gint16 *pcm, gsize pcm_size)
{
  gsize frames = len / FRAME_BYTES, rest = len % FRAME_BYTES, n = 0;

  if (s->encoder || (rest != 0 && rest != SID_BYTES) || len == 0)
    return -1;
  if (pcm_size < (frames + (rest ? 1 : 0)) * FRAME_SAMPLES)
    return -1;
  for (gsize i = 0; i < frames; i++, n += FRAME_SAMPLES)
    bcg729Decoder (s->dec, payload + i * FRAME_BYTES, FRAME_BYTES, 0, 0, 0, pcm + n);
  if (rest)
    {
      bcg729Decoder (s->dec, payload + frames * FRAME_BYTES, SID_BYTES, 0, 1, 0, pcm + n);
      n += FRAME_SAMPLES;
    }
  return n;
}

/* G.729's own concealment (frame erasure), whole frames: a request that is
 * not a multiple of 80 samples gets the frames that fit. */
static gssize
conceal (DeskCodecState *s, gint16 *pcm, gsize n_samples)
{
  gsize n = 0;

  if (s->encoder)
    return -1;
  for (; n + FRAME_SAMPLES <= n_samples; n += FRAME_SAMPLES)
    bcg729Decoder (s->dec, NULL, 0, 1, 0, 0, pcm + n);
  return n;
}

#define G729_IFACE(enc_new, offer_fmtp) \
  { .version = DESK_CODEC_IFACE_VERSION, \
    .encoding = "G729", \
    .clock_rate = 8000, \
    .sample_rate = 8000, \
    .channels = 1, \
    .static_pt = 18, \
    .frame_ms = 10, \
    .fmtp = (offer_fmtp), \
    .encoder_new = (enc_new), \
    .decoder_new = decoder_new, \
    .state_free = state_free, \
    .encode = encode, \
    .decode = decode, \
    .conceal = conceal }

/* enable_vad on: offer Annex B (no fmtp means annexb=yes), run VAD unless
 * the answer refuses it.  Off: say so, never run it. */
static const DeskCodecIface g729_vad_iface = G729_IFACE (encoder_new_vad, NULL);
static const DeskCodecIface g729_plain_iface = G729_IFACE (encoder_new_plain, "annexb=no");

static gboolean
g729_init (DeskPlugin *plugin, GError **error)
{
  gboolean vad = desk_config_get_bool (desk_plugin_get_config (plugin), "enable_vad");
  return desk_plugin_provide (plugin, "codec:G729", vad ? &g729_vad_iface : &g729_plain_iface,
                              NULL, error);
}

static const DeskCapDecl provides[] = {
  { "codec:G729", "rate=8000;channels=1;ptime=10..60;pt=18;annexb=yes,no",
    DESK_CODEC_IFACE_VERSION },
  DESK_CAP_END,
};

DESK_PLUGIN_DEFINE (
  .name = "codec-g729",
  .version = "0.1.0",
  .description = "G.729 Annex A codec (bcg729), Annex B VAD/CNG per enable_vad",
  .kind = DESK_PLUGIN_KIND_CODEC,
  .provides = provides,
  .init = g729_init);
