/* G.711 μ-law and A-law, from the segment structure of G.711 Tables 1 and 2.
 *
 * Both laws split each polarity into 8 segments of 16 equal steps, the step
 * doubling from one segment to the next.  A character is a polarity bit
 * (1 = positive), a 3-bit segment number and a 4-bit step number; the
 * decoder returns the middle of the step's decision interval.
 *
 * μ-law (Table 2, units where overload is 8159): segment s spans
 * [2^(s+5) - 33, 2^(s+6) - 33) in steps of 2^(s+1), so adding the bias 33
 * puts every segment boundary on a power of two.  The first step is
 * [-1, 1), which gives zero its own level, and bits 2-8 are sent inverted.
 *
 * A-law (Table 1, units where overload is 4096): segments 0 and 1 both
 * have steps of 2 and span [0, 32) and [32, 64); segment s >= 1 spans
 * [16·2^s, 32·2^s) in steps of 2^s.  There is no zero level, and the even
 * bits (mask 0x55) are sent inverted. */
#include "g711.h"

#define ULAW_BIAS 33
#define ULAW_BIASED_MAX 8191 /* last biased value inside segment 7 */

/* Index of the highest set bit of @v > 0. */
static inline int
top_bit (unsigned v)
{
  return 31 - __builtin_clz (v);
}

/* The magnitude G.191 quantizes: x for x >= 0, -x-1 for x < 0. */
static inline int
magnitude (gint16 pcm)
{
  return pcm < 0 ? ~pcm : pcm;
}

guint8
g711_linear_to_ulaw (gint16 pcm)
{
  guint8 polarity = pcm < 0 ? 0x00 : 0x80;
  int biased = MIN ((magnitude (pcm) >> 2) + ULAW_BIAS, ULAW_BIASED_MAX);
  int seg = top_bit (biased) - 5;
  int step = (biased >> (seg + 1)) & 0xF;

  return polarity | (~((seg << 4) | step) & 0x7F);
}

gint16
g711_ulaw_to_linear (guint8 code)
{
  int m = ~code & 0x7F;
  int seg = m >> 4, step = m & 0xF;
  /* Biased, segment @seg starts at 32 << seg and its steps are 2 << seg
   * wide: the middle of step @step is (32 + 2·step + 1) << seg.  Unbias,
   * then scale from 14 to 16 bits. */
  int level = (((32 + 2 * step + 1) << seg) - ULAW_BIAS) * 4;

  return (code & 0x80) ? level : -level;
}

guint8
g711_linear_to_alaw (gint16 pcm)
{
  guint8 polarity = pcm < 0 ? 0x00 : 0x80;
  /* In units of 16 (16-bit scale) = 2 Table 1 units, the smallest step. */
  int mag = magnitude (pcm) >> 4;
  int seg, step;

  if (mag < 16)
    {
      seg = 0;
      step = mag;
    }
  else
    {
      seg = top_bit (mag) - 3;
      step = (mag >> (seg - 1)) & 0xF;
    }
  return (polarity | (seg << 4) | step) ^ 0x55;
}

gint16
g711_alaw_to_linear (guint8 code)
{
  int a = code ^ 0x55;
  int seg = (a >> 4) & 7, step = a & 0xF;
  /* Segment @seg >= 1 starts at 16 << seg with steps 1 << seg wide, so the
   * middle of step @step is (32 + 2·step + 1) << (seg - 1); segment 0 is
   * segment 1 moved down by 32.  Then scale from 13 to 16 bits. */
  int level = (seg == 0 ? 2 * step + 1 : (32 + 2 * step + 1) << (seg - 1)) * 8;

  return (a & 0x80) ? level : -level;
}

/* ---- tables ----
 *
 * The μ-law character depends only on pcm >> 2 and the A-law one on
 * pcm >> 4 (the bits below are under the smallest step, and ~x >> n is
 * ~(x >> n)), so the encoders need 16 KiB and 4 KiB, not 64 KiB each. */

static guint8 ulaw_enc[1 << 14];
static guint8 alaw_enc[1 << 12];
static gint16 ulaw_dec[256];
static gint16 alaw_dec[256];

static void
tables_init (void)
{
  static gsize done = 0;

  if (!g_once_init_enter (&done))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (ulaw_enc); i++)
    ulaw_enc[i] = g711_linear_to_ulaw ((gint16) (guint16) (i << 2));
  for (guint i = 0; i < G_N_ELEMENTS (alaw_enc); i++)
    alaw_enc[i] = g711_linear_to_alaw ((gint16) (guint16) (i << 4));
  for (guint i = 0; i < 256; i++)
    {
      ulaw_dec[i] = g711_ulaw_to_linear (i);
      alaw_dec[i] = g711_alaw_to_linear (i);
    }
  g_once_init_leave (&done, 1);
}

void
g711_ulaw_encode (const gint16 *pcm, guint8 *out, gsize n)
{
  tables_init ();
  for (gsize i = 0; i < n; i++)
    out[i] = ulaw_enc[(guint16) pcm[i] >> 2];
}

void
g711_ulaw_decode (const guint8 *in, gint16 *pcm, gsize n)
{
  tables_init ();
  for (gsize i = 0; i < n; i++)
    pcm[i] = ulaw_dec[in[i]];
}

void
g711_alaw_encode (const gint16 *pcm, guint8 *out, gsize n)
{
  tables_init ();
  for (gsize i = 0; i < n; i++)
    out[i] = alaw_enc[(guint16) pcm[i] >> 4];
}

void
g711_alaw_decode (const guint8 *in, gint16 *pcm, gsize n)
{
  tables_init ();
  for (gsize i = 0; i < n; i++)
    pcm[i] = alaw_dec[in[i]];
}
