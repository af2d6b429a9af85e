/* Tests of the call-progress tone generator.
 *
 * Every expected value comes from the tone plan as written below (ANSI
 * T1.401 / Telcordia GR-506 figures, the deskphone's own hold and
 * off-hook-level choices) and from the output formula documented in
 * tones.h, never from the generator's table.  Each tone is checked at 8 and
 * 16 kHz: its cadence sample by sample against a model, its frequencies
 * and levels with a Goertzel filter, its end (or its turn to steady), and
 * that the output does not depend on how it is cut into fill calls. */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "tones.h"

typedef enum { AFTER_REPEAT, AFTER_END, AFTER_STEADY } After;

/* One tone as the plan states it: @flashes bursts of @on_ms on and @off_ms
 * off (0 flashes: for ever), then @after.  @off_ms 0 is a steady tone. */
typedef struct {
  const char *name;
  MediaToneId id;
  guint n_freqs;
  double freqs[4];
  double dbm0;
  guint on_ms, off_ms, flashes;
  After after;
  guint listen_ms; /* how much of it the tests look at */
} ToneSpec;

static const ToneSpec plan[] = {
  { "dial", MEDIA_TONE_DIAL, 2, { 350, 440 }, -13, 0, 0, 0, AFTER_REPEAT, 3000 },
  { "ringback", MEDIA_TONE_RINGBACK, 2, { 440, 480 }, -19, 2000, 4000, 0, AFTER_REPEAT, 13000 },
  { "busy", MEDIA_TONE_BUSY, 2, { 480, 620 }, -24, 500, 500, 0, AFTER_REPEAT, 3500 },
  { "reorder", MEDIA_TONE_REORDER, 2, { 480, 620 }, -24, 250, 250, 0, AFTER_REPEAT, 2000 },
  { "call-waiting", MEDIA_TONE_CALL_WAITING, 1, { 440 }, -13, 300, 9700, 0, AFTER_REPEAT, 20500 },
  { "confirm", MEDIA_TONE_CONFIRM, 2, { 350, 440 }, -13, 100, 100, 3, AFTER_END, 1000 },
  { "stutter-dial", MEDIA_TONE_STUTTER_DIAL, 2, { 350, 440 }, -13, 100, 100, 10, AFTER_STEADY, 4000 },
  { "hold", MEDIA_TONE_HOLD, 1, { 440 }, -13, 100, 9900, 0, AFTER_REPEAT, 20500 },
  { "off-hook", MEDIA_TONE_OFF_HOOK, 4, { 1400, 2060, 2450, 2600 }, -9, 100, 100, 0, AFTER_REPEAT, 1000 },
};

/* Frequencies a tone must not leak into: DTMF and call progress. */
static const double probes[] = {
  350, 440, 480, 620, 697, 770, 852, 941, 1209, 1336, 1400, 1477, 1633, 2060, 2450, 2600,
};

static const guint rates[] = { 8000, 16000 };

typedef struct {
  const ToneSpec *tone;
  guint rate;
} Case;

typedef enum { PLAN_OFF, PLAN_ON, PLAN_END } PlanState;

#define FOREVER G_MAXUINT64

static guint64
samples (guint ms, guint rate)
{
  return (guint64) ms * rate / 1000;
}

/* Peak of a sine at @dbm0: G.711 puts a +3.14 dBm0 sine's peak at the
 * μ-law overload, 8159 14-bit units = 32636 in 16 bits. */
static double
peak_at (double dbm0)
{
  return 32636.0 * pow (10.0, (dbm0 - 3.14) / 20.0);
}

/* Where sample @n falls in the plan: in an on run (@k samples into it, of
 * @len samples or FOREVER), in silence, or after the end. */
static PlanState
plan_at (const ToneSpec *t, guint rate, guint64 n, guint64 *k, guint64 *len)
{
  guint64 on = samples (t->on_ms, rate), period = samples (t->on_ms + t->off_ms, rate);

  if (t->off_ms == 0)
    {
      *k = n, *len = FOREVER;
      return PLAN_ON;
    }
  if (t->flashes > 0 && n >= t->flashes * period)
    {
      if (t->after == AFTER_END)
        return PLAN_END;
      *k = n - t->flashes * period, *len = FOREVER;
      return PLAN_ON;
    }
  *k = n % period, *len = on;
  return *k < on ? PLAN_ON : PLAN_OFF;
}

/* Samples the whole tone has, or FOREVER. */
static guint64
plan_length (const ToneSpec *t, guint rate)
{
  if (t->after == AFTER_END)
    return t->flashes * samples (t->on_ms + t->off_ms, rate);
  return FOREVER;
}

/* The sample tones.h promises at @n, before rounding. */
static double
model (const ToneSpec *t, guint rate, guint64 n)
{
  guint64 k, len;
  double ramp = samples (MEDIA_TONE_RAMP_MS, rate), gain, v = 0;

  if (plan_at (t, rate, n, &k, &len) != PLAN_ON)
    return 0;
  gain = MIN (1.0, (k + 1) / ramp);
  if (len != FOREVER)
    gain = MIN (gain, (len - k) / ramp);
  for (guint i = 0; i < t->n_freqs; i++)
    v += sin (2 * G_PI * t->freqs[i] * (double) n / rate);
  return gain * peak_at (t->dbm0) * v;
}

/* @n samples of the tone in one fill call; *@got = what fill returned. */
static gint16 *
generate (const Case *c, gsize n, gsize *got)
{
  g_autoptr (MediaToneGen) gen = media_tone_gen_new (c->tone->id, c->rate);
  gint16 *pcm = g_new0 (gint16, n);

  g_assert_nonnull (gen);
  *got = media_tone_gen_fill (gen, pcm, n);
  return pcm;
}

static void
test_cadence_is_sample_exact (gconstpointer data)
{
  const Case *c = data;
  const ToneSpec *t = c->tone;
  gsize n = samples (t->listen_ms, c->rate), got, win = c->rate / 1000;
  guint64 end = plan_length (t, c->rate);
  g_autofree gint16 *pcm = generate (c, n, &got);

  g_assert_cmpuint (got, ==, MIN (n, end));
  for (gsize i = 0; i < got; i++)
    {
      guint64 k, len;
      PlanState st = plan_at (t, c->rate, i, &k, &len);
      double want = model (t, c->rate, i);

      if (st == PLAN_OFF && pcm[i] != 0)
        {
          g_test_fail_printf ("%s at %u Hz: sample %zu (%.3f ms) is %d; the plan says silence",
                              t->name, c->rate, i, i * 1000.0 / c->rate, pcm[i]);
          return;
        }
      if (fabs (pcm[i] - want) > 1.0)
        {
          g_test_fail_printf ("%s at %u Hz: sample %zu (%.3f ms, %" G_GUINT64_FORMAT
                              " into a burst) is %d, expected %.1f",
                              t->name, c->rate, i, i * 1000.0 / c->rate, k, pcm[i], want);
          return;
        }
      /* Every whole millisecond inside an on run carries sound. */
      if (st == PLAN_ON && k % win == 0 && (len == FOREVER || k + win <= len) && i + win <= got)
        {
          double energy = 0;

          for (gsize j = i; j < i + win; j++)
            energy += (double) pcm[j] * pcm[j];
          if (energy == 0)
            {
              g_test_fail_printf ("%s at %u Hz: silent millisecond at %zu, inside a burst",
                                  t->name, c->rate, i);
              return;
            }
        }
    }
}

/* Amplitude of @f in @pcm[0..n): Hann-windowed Goertzel (a DFT at @f
 * exactly), scaled so a sine of peak A reads A.  The window keeps a
 * neighbouring tone 40 Hz away below -50 dB even in a 96 ms burst. */
static double
amplitude (const gint16 *pcm, gsize n, double f, guint rate)
{
  double re = 0, im = 0, wsum = 0;

  for (gsize i = 0; i < n; i++)
    {
      double w = 0.5 - 0.5 * cos (2 * G_PI * i / (n - 1));

      re += w * pcm[i] * cos (2 * G_PI * f * i / rate);
      im += w * pcm[i] * sin (2 * G_PI * f * i / rate);
      wsum += w;
    }
  return 2 * hypot (re, im) / wsum;
}

/* The first on run without its ramps (at most 1 s of it). */
static const gint16 *
steady_part (const Case *c, const gint16 *pcm, gsize *n)
{
  guint64 ramp = samples (MEDIA_TONE_RAMP_MS, c->rate);
  guint64 on = c->tone->on_ms ? samples (c->tone->on_ms, c->rate) : c->rate;

  *n = MIN (on, c->rate) - 2 * ramp;
  return pcm + ramp;
}

static gboolean
in_tone (const ToneSpec *t, double f)
{
  for (guint i = 0; i < t->n_freqs; i++)
    if (t->freqs[i] == f)
      return TRUE;
  return FALSE;
}

static void
test_level_per_frequency (gconstpointer data)
{
  const Case *c = data;
  gsize got, n;
  g_autofree gint16 *pcm = generate (c, c->rate, &got);
  const gint16 *on = steady_part (c, pcm, &n);

  for (guint i = 0; i < c->tone->n_freqs; i++)
    {
      double a = amplitude (on, n, c->tone->freqs[i], c->rate);
      double dbm0 = 20 * log10 (a / peak_at (0));

      if (fabs (dbm0 - c->tone->dbm0) > 0.5)
        g_test_fail_printf ("%s at %u Hz: %.0f Hz is at %.2f dBm0, the plan says %.1f",
                            c->tone->name, c->rate, c->tone->freqs[i], dbm0, c->tone->dbm0);
    }
}

static void
test_spectrum_has_only_tone_frequencies (gconstpointer data)
{
  const Case *c = data;
  gsize got, n;
  g_autofree gint16 *pcm = generate (c, c->rate, &got);
  const gint16 *on = steady_part (c, pcm, &n);
  double a0 = peak_at (c->tone->dbm0);

  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      double a = amplitude (on, n, probes[i], c->rate);

      if (in_tone (c->tone, probes[i]) && a < a0 / 2)
        g_test_fail_printf ("%s at %u Hz: %.0f Hz missing (amplitude %.1f)", c->tone->name,
                            c->rate, probes[i], a);
      else if (!in_tone (c->tone, probes[i]) && a > a0 / 100)
        g_test_fail_printf ("%s at %u Hz: %.0f Hz present at %.1f dB below the tone",
                            c->tone->name, c->rate, probes[i], 20 * log10 (a0 / a));
    }
}

static void
test_output_independent_of_chunk_size (gconstpointer data)
{
  static const gsize chunks[] = { 1, 7, 160, 4000 };
  const Case *c = data;
  gsize n = samples (c->tone->listen_ms, c->rate), got;
  g_autofree gint16 *whole = generate (c, n, &got);

  for (guint i = 0; i < G_N_ELEMENTS (chunks); i++)
    {
      g_autoptr (MediaToneGen) gen = media_tone_gen_new (c->tone->id, c->rate);
      g_autofree gint16 *pcm = g_new0 (gint16, n);
      gsize done = 0, w;

      do
        {
          w = media_tone_gen_fill (gen, pcm + done, MIN (chunks[i], n - done));
          done += w;
        }
      while (w == chunks[i] && done < n);
      g_assert_cmpuint (done, ==, got);
      if (memcmp (pcm, whole, n * sizeof *pcm) != 0)
        g_test_fail_printf ("%s at %u Hz: filling %zu samples at a time changes the output",
                            c->tone->name, c->rate, chunks[i]);
    }
}

static const ToneSpec *
spec (MediaToneId id)
{
  for (guint i = 0; i < G_N_ELEMENTS (plan); i++)
    if (plan[i].id == id)
      return &plan[i];
  g_assert_not_reached ();
}

/* Confirmation tone: 3 flashes then over, 600 ms including the last gap. */
static void
test_confirm_ends_after_third_gap (void)
{
  g_autoptr (MediaToneGen) gen = media_tone_gen_new (MEDIA_TONE_CONFIRM, 8000);
  gint16 pcm[8000];

  g_assert_cmpuint (media_tone_gen_fill (gen, pcm, 4799), ==, 4799);
  g_assert_false (media_tone_gen_done (gen));
  g_assert_cmpuint (media_tone_gen_fill (gen, pcm, 8000), ==, 1);
  g_assert_cmpint (pcm[0], ==, 0);
  g_assert_true (media_tone_gen_done (gen));
  g_assert_cmpuint (media_tone_gen_fill (gen, pcm, 8000), ==, 0);
  g_assert_true (media_tone_gen_done (gen));
}

/* Counts silence-to-sound edges, millisecond by millisecond. */
static guint
count_bursts (const gint16 *pcm, gsize n, guint rate, gsize *last_silence)
{
  gboolean sound = FALSE;
  guint bursts = 0;
  gsize win = rate / 1000;

  *last_silence = 0;
  for (gsize i = 0; i + win <= n; i += win)
    {
      gboolean s = FALSE;

      for (gsize j = i; j < i + win; j++)
        s = s || pcm[j] != 0;
      if (s && !sound)
        bursts++;
      if (!s)
        *last_silence = i;
      sound = s;
    }
  return bursts;
}

static void
test_stutter_dial_turns_steady_after_ten_flashes (void)
{
  const Case c = { spec (MEDIA_TONE_STUTTER_DIAL), 16000 };
  gsize got, last_silence, n = 16000 * 8;
  g_autofree gint16 *pcm = generate (&c, n, &got);
  guint bursts = count_bursts (pcm, n, 16000, &last_silence);

  g_assert_cmpuint (got, ==, n);
  /* ten flashes, then the steady tone starts an eleventh burst at 2 s */
  g_assert_cmpuint (bursts, ==, 11);
  g_assert_cmpuint (last_silence, ==, 16000 * 2 - 16);
}

static void
test_name_round_trip (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (plan); i++)
    {
      const MediaToneDesc *desc = media_tone_get_desc (plan[i].id);

      g_assert_nonnull (desc);
      g_assert_cmpstr (desc->name, ==, plan[i].name);
      g_assert_cmpint (media_tone_from_name (plan[i].name), ==, plan[i].id);
    }
  g_assert_cmpuint (G_N_ELEMENTS (plan), ==, MEDIA_TONE__COUNT);
  g_assert_null (media_tone_get_desc (MEDIA_TONE__COUNT));
  g_assert_null (media_tone_get_desc (MEDIA_TONE_UNKNOWN));
}

static void
test_unknown_name_is_rejected (void)
{
  g_assert_cmpint (media_tone_from_name ("bogus"), ==, MEDIA_TONE_UNKNOWN);
  g_assert_cmpint (media_tone_from_name (""), ==, MEDIA_TONE_UNKNOWN);
  g_assert_cmpint (media_tone_from_name ("Busy"), ==, MEDIA_TONE_UNKNOWN);
  g_assert_cmpint (media_tone_from_name ("busy "), ==, MEDIA_TONE_UNKNOWN);
  g_assert_cmpint (media_tone_from_name (NULL), ==, MEDIA_TONE_UNKNOWN);
}

static void
add_per_tone (const char *what, GTestDataFunc fn)
{
  for (guint i = 0; i < G_N_ELEMENTS (plan); i++)
    for (guint r = 0; r < G_N_ELEMENTS (rates); r++)
      {
        Case *c = g_new (Case, 1);
        g_autofree char *path = NULL;

        c->tone = &plan[i];
        c->rate = rates[r];
        path = g_strdup_printf ("/media/tones/%s/%s/%u", what, plan[i].name, rates[r]);
        g_test_add_data_func_full (path, c, fn, g_free);
      }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  add_per_tone ("cadence", test_cadence_is_sample_exact);
  add_per_tone ("level", test_level_per_frequency);
  add_per_tone ("spectrum", test_spectrum_has_only_tone_frequencies);
  add_per_tone ("chunking", test_output_independent_of_chunk_size);
  g_test_add_func ("/media/tones/confirm-ends-after-third-gap", test_confirm_ends_after_third_gap);
  g_test_add_func ("/media/tones/stutter-dial-turns-steady-after-ten-flashes",
                   test_stutter_dial_turns_steady_after_ten_flashes);
  g_test_add_func ("/media/tones/name-round-trip", test_name_round_trip);
  g_test_add_func ("/media/tones/unknown-name-is-rejected", test_unknown_name_is_rejected);
  return g_test_run ();
}
