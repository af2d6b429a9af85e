/* G.711 (ITU-T, 11/88) companding: 16-bit linear PCM to and from 8-bit
 * μ-law and A-law characters.
 *
 * Linear samples are 16-bit, left-justified: μ-law's 14-bit range (±8159
 * in G.711 Table 2 units) is scaled by 4 and A-law's 13-bit range (±4096 in
 * Table 1 units) by 8, as ITU-T G.191 does.  A negative sample x is
 * quantized as the magnitude ~x = -x-1, which makes the quantizer symmetric
 * about -½ and the characters bit-exact with the G.191 reference tools.
 *
 * The per-sample functions compute; the buffer functions look codes up in
 * tables built once on first use (thread-safe).  All are pure otherwise. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint8 g711_linear_to_ulaw (gint16 pcm);
gint16 g711_ulaw_to_linear (guint8 code);
guint8 g711_linear_to_alaw (gint16 pcm);
gint16 g711_alaw_to_linear (guint8 code);

/* @n samples of @pcm to @n characters in @out, and back.  Table driven. */
void g711_ulaw_encode (const gint16 *pcm, guint8 *out, gsize n);
void g711_ulaw_decode (const guint8 *in, gint16 *pcm, gsize n);
void g711_alaw_encode (const gint16 *pcm, guint8 *out, gsize n);
void g711_alaw_decode (const guint8 *in, gint16 *pcm, gsize n);

G_END_DECLS
