/* The codec interface: what a "codec:NAME" provider offers the media path
 * and SDP negotiation.  NAME is the RTP encoding name as SDP writes it in
 * a=rtpmap ("PCMU", "PCMA", "G729").
 *
 * The capability's attributes describe the codec for negotiation, e.g.
 *   codec:PCMU  "rate=8000;channels=1;ptime=10..60;pt=0"
 *   codec:G729  "rate=8000;channels=1;ptime=10..60;pt=18;annexb=yes,no"
 * (pt is the static RTP payload type; codecs without one leave it out and
 * get a dynamic type in SDP).
 *
 * Adding a codec to the phone means adding one plugin that provides this
 * interface; nothing else changes.  Encoders and decoders are used on the
 * media thread; one state is used by one thread at a time. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DESK_CODEC_IFACE_VERSION 1

typedef struct _DeskCodecState DeskCodecState;

typedef struct {
  guint version;         /* DESK_CODEC_IFACE_VERSION */
  const char *encoding;  /* "PCMU" */
  guint clock_rate;      /* RTP clock, Hz */
  guint sample_rate;     /* PCM rate of encode/decode, Hz */
  guint channels;
  gint static_pt;        /* RTP payload type, or -1 for dynamic */
  guint frame_ms;        /* smallest packetization step, ms */
  const char *fmtp;      /* fmtp to offer, or NULL */

  /* @fmtp: the negotiated fmtp line (may be NULL). */
  DeskCodecState *(*encoder_new) (const char *fmtp, GError **error);
  DeskCodecState *(*decoder_new) (const char *fmtp, GError **error);
  void (*state_free) (DeskCodecState *state);

  /* 16-bit native-endian PCM at sample_rate in, payload bytes out.
   * Returns the bytes written, or -1 if @out_size is too small. */
  gssize (*encode) (DeskCodecState *state, const gint16 *pcm, gsize n_samples,
                    guint8 *out, gsize out_size);
  /* Payload in, PCM out.  Returns the samples written, or -1 on a payload
   * the codec cannot decode or @pcm_size too small. */
  gssize (*decode) (DeskCodecState *state, const guint8 *payload, gsize len,
                    gint16 *pcm, gsize pcm_size);
  /* Packet loss concealment: @n_samples of plausible audio after a lost
   * packet; NULL when the codec has none (the media path then repeats and
   * fades).  Returns the samples written. */
  gssize (*conceal) (DeskCodecState *state, gint16 *pcm, gsize n_samples);
} DeskCodecIface;

G_END_DECLS
