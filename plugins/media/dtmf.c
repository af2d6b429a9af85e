#include "dtmf.h"

#include <math.h>
#include <string.h>

static const double rows[4] = { 697, 770, 852, 941 };
static const double cols[4] = { 1209, 1336, 1477, 1633 };
static const char grid[4][5] = { "123A", "456B", "789C", "*0#D" };

/* 0 dBm0 as a 16-bit sine peak: 3.14 dB below the μ-law overload */
#define DBM0_PEAK (32636.0 * 0.69662651)
#define ROW_DBM0 (-10.0)
#define COL_DBM0 (-8.0)

gboolean
media_dtmf_freqs (char key, double *row, double *col)
{
  key = g_ascii_toupper (key);
  for (int r = 0; r < 4; r++)
    for (int c = 0; c < 4; c++)
      if (key && grid[r][c] == key)
        {
          *row = rows[r];
          *col = cols[c];
          return TRUE;
        }
  return FALSE;
}

void
media_dtmf_generate (char key, guint level, guint rate, gint16 *pcm, gsize n)
{
  double fr, fc, step = 3.0 * ((double) CLAMP (level, 1, 5) - 3);
  double ar = DBM0_PEAK * pow (10, (ROW_DBM0 + step) / 20);
  double ac = DBM0_PEAK * pow (10, (COL_DBM0 + step) / 20);

  if (!media_dtmf_freqs (key, &fr, &fc))
    {
      memset (pcm, 0, n * sizeof *pcm);
      return;
    }
  for (gsize i = 0; i < n; i++)
    {
      double t = (double) i / rate;
      pcm[i] = (gint16) lrint (ar * sin (2 * G_PI * fr * t) + ac * sin (2 * G_PI * fc * t));
    }
}

/* ---- detection ----
 *
 * Blocks of 205 samples (25.6 ms, the classic choice at 8 kHz: the eight
 * frequencies fall close to Goertzel bins).  A block holds a key when
 * the strongest row and column tones stand out: each well above the other
 * tones of its group, together most of the block's energy, above a floor,
 * and within twist limits.  A key is reported after two such blocks in a
 * row, and the detector re-arms after two blocks without it. */

#define BLOCK 205
#define FLOOR_POWER 4.0e4       /* ~ -40 dBm0 per tone, in Goertzel units */
#define GROUP_MARGIN 6.3        /* 8 dB over the next tone of the group */
#define TWIST_MAX 6.3           /* 8 dB either way */

struct _MediaDtmfDetector {
  gint16 buf[BLOCK];
  gsize fill;
  char candidate;  /* key of the last block, or 0 */
  guint seen;      /* blocks in a row with it */
  char reported;   /* key reported and not yet released, or 0 */
  guint quiet;     /* blocks in a row without the reported key */
};

MediaDtmfDetector *
media_dtmf_detector_new (void)
{
  return g_new0 (MediaDtmfDetector, 1);
}

void
media_dtmf_detector_free (MediaDtmfDetector *d)
{
  g_free (d);
}

/* Power of @freq in the block, as A²/4 for a sine of peak A. */
static double
goertzel (const gint16 *x, double freq)
{
  double k = 2 * cos (2 * G_PI * freq / 8000), s1 = 0, s2 = 0;
  for (int i = 0; i < BLOCK; i++)
    {
      double s = x[i] + k * s1 - s2;
      s2 = s1;
      s1 = s;
    }
  return (s1 * s1 + s2 * s2 - k * s1 * s2) / ((double) BLOCK * BLOCK);
}

static int
strongest (const double *p, double *best)
{
  int i_best = 0;
  for (int i = 1; i < 4; i++)
    if (p[i] > p[i_best])
      i_best = i;
  *best = p[i_best];
  return i_best;
}

static char
block_key (const gint16 *x)
{
  double pr[4], pc[4], br, bc, energy = 0;
  int r, c;

  for (int i = 0; i < 4; i++)
    {
      pr[i] = goertzel (x, rows[i]);
      pc[i] = goertzel (x, cols[i]);
    }
  r = strongest (pr, &br);
  c = strongest (pc, &bc);
  if (br < FLOOR_POWER || bc < FLOOR_POWER)
    return 0;
  if (br > TWIST_MAX * bc || bc > TWIST_MAX * br)
    return 0;
  for (int i = 0; i < 4; i++)
    if ((i != r && pr[i] * GROUP_MARGIN > br) || (i != c && pc[i] * GROUP_MARGIN > bc))
      return 0;
  for (int i = 0; i < BLOCK; i++)
    energy += (double) x[i] * x[i];
  energy /= BLOCK;
  /* a sine of peak A has mean power A²/2 = 2 × its Goertzel figure; the two
   * tones must be most of what is there (speech and noise are not) */
  if (2 * (br + bc) < 0.7 * energy)
    return 0;
  return grid[r][c];
}

static void
end_block (MediaDtmfDetector *d, GString *keys)
{
  char k = block_key (d->buf);

  if (k && k == d->candidate)
    d->seen++;
  else
    {
      d->candidate = k;
      d->seen = k ? 1 : 0;
    }
  if (d->reported)
    {
      d->quiet = k == d->reported ? 0 : d->quiet + 1;
      if (d->quiet >= 2)
        d->reported = 0;
    }
  if (!d->reported && d->candidate && d->seen >= 2)
    {
      d->reported = d->candidate;
      d->quiet = 0;
      if (keys)
        g_string_append_c (keys, d->reported);
    }
}

void
media_dtmf_detector_feed (MediaDtmfDetector *d, const gint16 *pcm, gsize n, GString *keys)
{
  while (n > 0)
    {
      gsize take = MIN (n, BLOCK - d->fill);
      memcpy (d->buf + d->fill, pcm, take * sizeof *pcm);
      d->fill += take;
      pcm += take;
      n -= take;
      if (d->fill == BLOCK)
        {
          end_block (d, keys);
          d->fill = 0;
        }
    }
}
