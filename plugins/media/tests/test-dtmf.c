/* Tests of in-band DTMF: generated levels measured with a Goertzel filter
 * written here, every key detected once at every dtmf_db_level, short
 * bursts and other call-progress tones, speech-like sound and noise not
 * taken for keys. */
#include <math.h>
#include <string.h>

#include "dtmf.h"
#include "tones.h"

#define RATE 8000
#define DBM0_PEAK (32636.0 * pow (10, -3.14 / 20))

static double
level_dbm0 (const gint16 *x, gsize n, double f)
{
  /* Hann-windowed correlation: the amplitude of @f, robust to leakage
   * from the other tone */
  double re = 0, im = 0, wsum = 0;
  for (gsize i = 0; i < n; i++)
    {
      double w = 0.5 - 0.5 * cos (2 * G_PI * i / (n - 1));
      re += w * x[i] * cos (2 * G_PI * f * i / RATE);
      im += w * x[i] * sin (2 * G_PI * f * i / RATE);
      wsum += w;
    }
  return 20 * log10 (2 * sqrt (re * re + im * im) / wsum / DBM0_PEAK);
}

static void
test_levels (void)
{
  gint16 x[RATE / 2];

  for (guint level = 1; level <= 5; level++)
    {
      double step = 3.0 * ((double) level - 3);
      media_dtmf_generate ('A', level, RATE, x, G_N_ELEMENTS (x));
      double lo = level_dbm0 (x, G_N_ELEMENTS (x), 697);
      double hi = level_dbm0 (x, G_N_ELEMENTS (x), 1633);
      if (fabs (lo - (-10 + step)) > 0.2 || fabs (hi - (-8 + step)) > 0.2)
        g_test_fail_printf ("dtmf_db_level %u: 697 Hz at %.2f dBm0, 1633 Hz at %.2f dBm0; "
                            "want %.0f and %.0f", level, lo, hi, -10 + step, -8 + step);
    }
  {
    double r, c;
    g_assert_true (media_dtmf_freqs ('5', &r, &c));
    g_assert_cmpfloat (r, ==, 770);
    g_assert_cmpfloat (c, ==, 1336);
    g_assert_true (media_dtmf_freqs ('#', &r, &c));
    g_assert_cmpfloat (r, ==, 941);
    g_assert_cmpfloat (c, ==, 1477);
    g_assert_false (media_dtmf_freqs ('E', &r, &c));
    g_assert_false (media_dtmf_freqs ('\0', &r, &c));
  }
}

/* @keys, each @on_ms of tone then @off_ms of silence, fed in @chunk-sample
 * pieces; returns what the detector reported. */
static char *
detect (const char *keys, guint level, guint on_ms, guint off_ms, gsize chunk)
{
  g_autoptr (MediaDtmfDetector) d = media_dtmf_detector_new ();
  GString *got = g_string_new (NULL);
  gsize on = on_ms * RATE / 1000, off = off_ms * RATE / 1000;
  gint16 *x = g_new0 (gint16, on + off);

  for (const char *k = keys; *k; k++)
    {
      memset (x, 0, (on + off) * sizeof *x);
      media_dtmf_generate (*k, level, RATE, x, on);
      for (gsize i = 0; i < on + off; i += chunk)
        media_dtmf_detector_feed (d, x + i, MIN (chunk, on + off - i), got);
    }
  g_free (x);
  return g_string_free (got, FALSE);
}

static void
test_every_key_every_level (void)
{
  const char *keys = "123A456B789C*0#D";

  for (guint level = 1; level <= 5; level++)
    {
      g_autofree char *got = detect (keys, level, 100, 60, 160);
      if (strcmp (got, keys))
        g_test_fail_printf ("dtmf_db_level %u: detected '%s', sent '%s'", level, got, keys);
    }
  /* chunking does not matter; a key held long is reported once */
  {
    g_autofree char *a = detect ("1590", 3, 70, 70, 1);
    g_autofree char *b = detect ("1590", 3, 70, 70, 997);
    g_autofree char *held = detect ("77", 3, 2000, 100, 160);
    g_assert_cmpstr (a, ==, "1590");
    g_assert_cmpstr (b, ==, "1590");
    g_assert_cmpstr (held, ==, "77");
  }
}

static void
test_short_bursts_ignored (void)
{
  g_autofree char *got = detect ("123", 3, 20, 60, 160);
  g_assert_cmpstr (got, ==, "");
}

/* Call-progress tones, a speech-like signal and noise are not keys. */
static void
test_talk_off (void)
{
  g_autoptr (MediaDtmfDetector) d = media_dtmf_detector_new ();
  g_autoptr (GString) got = g_string_new (NULL);
  GRand *r = g_rand_new_with_seed (7960);
  enum { N = 3 * RATE };
  gint16 *x = g_new (gint16, N);

  for (int id = 0; id < MEDIA_TONE__COUNT; id++)
    {
      MediaToneGen *g = media_tone_gen_new (id, RATE);
      gsize n = media_tone_gen_fill (g, x, N);
      media_dtmf_detector_feed (d, x, n, got);
      media_tone_gen_free (g);
      if (got->len)
        g_test_fail_printf ("tone %d taken for '%s'", id, got->str);
      g_string_truncate (got, 0);
    }
  for (int i = 0; i < N; i++)
    {
      double t = (double) i / RATE;
      /* vowel-like: harmonics of a 120 Hz voice under a syllable envelope */
      double v = 0;
      for (int h = 1; h <= 25; h++)
        v += 4000.0 / h * sin (2 * G_PI * 120 * h * t + h);
      x[i] = (gint16) CLAMP (lrint (v * fabs (sin (2 * G_PI * 3 * t))), -32768, 32767);
    }
  media_dtmf_detector_feed (d, x, N, got);
  g_assert_cmpstr (got->str, ==, "");
  /* chords that contain a key's two tones but are not a key: a third
   * tone as loud (music), or two tones of the same group */
  {
    const double chords[][3] = { { 697, 1209, 1000 }, { 697, 770, 1209 }, { 852, 1336, 1477 } };
    for (guint c = 0; c < G_N_ELEMENTS (chords); c++)
      {
        for (int i = 0; i < N; i++)
          {
            double t = (double) i / RATE;
            x[i] = (gint16) lrint (5000 * (sin (2 * G_PI * chords[c][0] * t) +
                                           sin (2 * G_PI * chords[c][1] * t) +
                                           sin (2 * G_PI * chords[c][2] * t)));
          }
        media_dtmf_detector_feed (d, x, N, got);
        if (got->len)
          g_test_fail_printf ("%.0f+%.0f+%.0f Hz taken for '%s'", chords[c][0], chords[c][1],
                              chords[c][2], got->str);
        g_string_truncate (got, 0);
      }
  }
  for (int i = 0; i < N; i++)
    x[i] = (gint16) g_rand_int_range (r, -3000, 3000);
  media_dtmf_detector_feed (d, x, N, got);
  g_assert_cmpstr (got->str, ==, "");
  g_rand_free (r);
  g_free (x);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dtmf/levels-per-dtmf-db-level", test_levels);
  g_test_add_func ("/dtmf/every-key-every-level", test_every_key_every_level);
  g_test_add_func ("/dtmf/short-bursts-ignored", test_short_bursts_ignored);
  g_test_add_func ("/dtmf/talk-off", test_talk_off);
  return g_test_run ();
}
