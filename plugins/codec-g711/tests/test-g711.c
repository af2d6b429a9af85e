/* Tests of the G.711 codec plugin.
 *
 * The law conversions are checked against values the tests build
 * themselves from ITU-T G.711 (11/88): the decision values that bound the
 * eight segments of Tables 1 (A-law) and 2 (μ-law), and the bit rules of
 * the character (polarity bit 1 = positive; μ-law sends bits 2-8
 * inverted, A-law the even bits).  Reconstruction levels are the middles of
 * the decision intervals.  Nothing here calls the code under test to make
 * an expected value.  Then a sine through each law, and the plugin as the
 * phone sees it: listed by the real executable and used through the
 * registry. */
#include <math.h>
#include <string.h>

#include "desk-test.h"
#include "g711.h"

/* ---- the laws, from the standard ---- */

typedef struct {
  const char *name;
  /* Decision values bounding segments 0..7 of one polarity, in the units
   * of the table (overload = bounds[8]).  Each segment has 16 equal steps.
   * μ-law's first step is [-1, 1): zero is a level, and half of that
   * step lies on the other polarity. */
  int bounds[9];
  /* 16-bit units per table unit: μ-law is a 14-bit law, A-law 13-bit. */
  int scale;
  guint8 (*character) (gboolean positive, int segment, int step);
  guint8 (*encode) (gint16 pcm);
  gint16 (*decode) (guint8 code);
  void (*encode_buf) (const gint16 *pcm, guint8 *out, gsize n);
  void (*decode_buf) (const guint8 *in, gint16 *pcm, gsize n);
  /* dBm0 of a sine at overload amplitude (G.711 §§ 2, 3: Tmax) */
  double tmax_dbm0;
} Law;

/* Table 2 character: polarity, then the magnitude number 0..127 inverted. */
static guint8
ulaw_character (gboolean positive, int segment, int step)
{
  return (positive ? 0x80 : 0x00) | (127 - (segment * 16 + step));
}

/* Table 1 character: polarity, segment, step; bits 2, 4, 6, 8 inverted. */
static guint8
alaw_character (gboolean positive, int segment, int step)
{
  return ((positive ? 0x80 : 0x00) | (segment * 16 + step)) ^ 0x55;
}

static const Law ulaw = {
  "mu-law", { -1, 31, 95, 223, 479, 991, 2015, 4063, 8159 }, 4, ulaw_character,
  g711_linear_to_ulaw, g711_ulaw_to_linear, g711_ulaw_encode, g711_ulaw_decode, 3.17,
};

static const Law alaw = {
  "A-law", { 0, 32, 64, 128, 256, 512, 1024, 2048, 4096 }, 8, alaw_character,
  g711_linear_to_alaw, g711_alaw_to_linear, g711_alaw_encode, g711_alaw_decode, 3.14,
};

/* Step width of @segment, in table units. */
static int
width (const Law *law, int segment)
{
  return (law->bounds[segment + 1] - law->bounds[segment]) / 16;
}

/* Reconstruction level of (@segment, @step), 16-bit scale, positive. */
static int
level (const Law *law, int segment, int step)
{
  int w = width (law, segment);
  return law->scale * (law->bounds[segment] + w * step + w / 2);
}

/* ---- (1) decoding: every character against the tables ---- */

static void
test_decode_matches_table (gconstpointer data)
{
  const Law *law = data;
  guint8 codes[256];
  gint16 pcm[256];
  gboolean seen[256] = { FALSE };

  for (int i = 0; i < 256; i++)
    codes[i] = i;
  law->decode_buf (codes, pcm, 256);

  for (int positive = 0; positive <= 1; positive++)
    for (int seg = 0; seg < 8; seg++)
      for (int step = 0; step < 16; step++)
        {
          guint8 c = law->character (positive, seg, step);
          int want = positive ? level (law, seg, step) : -level (law, seg, step);
          if (seen[c])
            g_test_fail_printf ("%s: character 0x%02x made twice by the test's bit rules", law->name, c);
          seen[c] = TRUE;
          if (law->decode (c) != want || pcm[c] != want)
            {
              g_test_fail_printf ("%s character 0x%02x (%s, segment %d, step %d) decodes to %d "
                                  "(table-driven %d); G.711 gives %d",
                                  law->name, c, positive ? "positive" : "negative", seg, step,
                                  law->decode (c), pcm[c], want);
              return;
            }
        }
}

/* The characters the standard singles out, with their 16-bit values. */
static void
test_ulaw_special_characters (void)
{
  g_assert_cmpint (g711_ulaw_to_linear (0xFF), ==, 0);      /* +0 */
  g_assert_cmpint (g711_ulaw_to_linear (0x7F), ==, 0);      /* -0 */
  g_assert_cmpint (g711_ulaw_to_linear (0xFE), ==, 8);      /* 2 units */
  g_assert_cmpint (g711_ulaw_to_linear (0x7E), ==, -8);
  g_assert_cmpint (g711_ulaw_to_linear (0x80), ==, 32124);  /* 8031 units */
  g_assert_cmpint (g711_ulaw_to_linear (0x00), ==, -32124);
  /* full scale and zero from the encoder's side */
  g_assert_cmpuint (g711_linear_to_ulaw (32767), ==, 0x80);
  g_assert_cmpuint (g711_linear_to_ulaw (0), ==, 0xFF);
}

static void
test_alaw_special_characters (void)
{
  /* Smallest levels are ±1 unit: A-law has no zero.  0xD5 = 0x80 ^ 0x55. */
  g_assert_cmpint (g711_alaw_to_linear (0xD5), ==, 8);
  g_assert_cmpint (g711_alaw_to_linear (0x55), ==, -8);
  g_assert_cmpint (g711_alaw_to_linear (0xAA), ==, 32256); /* 4032 units */
  g_assert_cmpint (g711_alaw_to_linear (0x2A), ==, -32256);
  g_assert_cmpuint (g711_linear_to_alaw (0), ==, 0xD5);
  g_assert_cmpuint (g711_linear_to_alaw (-1), ==, 0x55);
}

/* ---- (2) encoding: every 16-bit input ---- */

/* The character G.711 gives @x: the step whose decision interval holds the
 * magnitude (x, or -x-1 for negative x: a 16-bit sample stands for
 * [x, x+1), so the quantizer is symmetric about -1/2), or the largest step
 * beyond overload.  Sets @overload. */
static guint8
expected_character (const Law *law, int x, gboolean *overload)
{
  gboolean positive = x >= 0;
  int m = positive ? x : -x - 1;
  int seg = 7;

  *overload = m >= law->scale * law->bounds[8];
  if (*overload)
    return law->character (positive, 7, 15);
  while (m < law->scale * law->bounds[seg])
    seg--;
  return law->character (positive, seg,
                         (m - law->scale * law->bounds[seg]) / (law->scale * width (law, seg)));
}

static void
test_encode_every_input (gconstpointer data)
{
  const Law *law = data;
  g_autofree gint16 *pcm = g_new (gint16, 65536);
  g_autofree guint8 *codes = g_new (guint8, 65536);
  int n_overload = 0, worst = 0;

  for (int i = 0; i < 65536; i++)
    pcm[i] = (gint16) (i - 32768);
  law->encode_buf (pcm, codes, 65536);

  for (int i = 0; i < 65536; i++)
    {
      int x = pcm[i];
      gboolean overload;
      guint8 want = expected_character (law, x, &overload);
      guint8 got = law->encode (x);
      guint8 a = (law->character == ulaw_character) ? 127 - (want & 0x7F) : (want ^ 0x55) & 0x7F;
      int seg = a >> 4;
      int err = abs (x - law->decode (got));

      if (got != want || codes[i] != want)
        {
          g_test_fail_printf ("%s: %d encodes to 0x%02x (table-driven 0x%02x); its decision "
                              "interval is character 0x%02x%s",
                              law->name, x, got, codes[i], want, overload ? " (overload)" : "");
          return;
        }
      if (overload)
        {
          n_overload++;
          continue;
        }
      /* Within the segment rules the level is the middle of the interval
       * holding x, so it is never more than half a step away. */
      if (2 * err > law->scale * width (law, seg))
        {
          g_test_fail_printf ("%s: %d comes back as %d, off by %d, more than half the "
                              "step (%d) of segment %d",
                              law->name, x, law->decode (got), err,
                              law->scale * width (law, seg), seg);
          return;
        }
      worst = MAX (worst, err);
    }
  g_test_message ("%s: worst round-trip error %d; %d inputs beyond overload saturate",
                  law->name, worst, n_overload);
  /* μ-law overloads at ±8159·4: 32636..32767 and -32768..-32637. */
  g_assert_cmpint (n_overload, ==, law == &ulaw ? 2 * (32768 - 8159 * 4) : 0);
}

/* ---- (3) re-encoding every level ---- */

static void
test_reencode_levels (gconstpointer data)
{
  const Law *law = data;

  for (int c = 0; c < 256; c++)
    {
      guint8 again = law->encode (law->decode (c));
      /* μ-law's negative zero 0x7F decodes to 0, which is positive zero,
       * 0xFF.  Every other level of either law is inside its own interval. */
      guint8 want = (law == &ulaw && c == 0x7F) ? 0xFF : c;
      if (again != want)
        {
          g_test_fail_printf ("%s: 0x%02x decodes to %d, which encodes to 0x%02x, not 0x%02x",
                              law->name, c, law->decode (c), again, want);
          return;
        }
    }
}

/* ---- (4) a sine ---- */

/* Power at @freq (Hz) of @n samples at 8 kHz. */
static double
goertzel (const double *x, int n, double freq)
{
  double k = 2 * cos (2 * G_PI * freq / 8000), s1 = 0, s2 = 0;
  for (int i = 0; i < n; i++)
    {
      double s = x[i] + k * s1 - s2;
      s2 = s1;
      s1 = s;
    }
  return (s1 * s1 + s2 * s2 - k * s1 * s2) / ((double) n * n);
}

/* SNR (dB) of @law on one second of a sine at @freq and @dbm0; the decoded
 * signal in @out. */
static double
sine_snr (const Law *law, double freq, double dbm0, double phase, double *out)
{
  enum { N = 8000 };
  double amp = law->scale * law->bounds[8] * pow (10, (dbm0 - law->tmax_dbm0) / 20);
  gint16 in[N], dec[N];
  guint8 codes[N];
  double sig = 0, noise = 0;

  for (int i = 0; i < N; i++)
    in[i] = (gint16) lround (amp * sin (2 * G_PI * freq * i / 8000 + phase));
  law->encode_buf (in, codes, N);
  law->decode_buf (codes, dec, N);
  for (int i = 0; i < N; i++)
    {
      sig += (double) in[i] * in[i];
      noise += (double) (dec[i] - in[i]) * (dec[i] - in[i]);
      out[i] = dec[i];
    }
  return 10 * log10 (sig / noise);
}

static void
test_sine_keeps_frequency_and_snr (gconstpointer data)
{
  const Law *law = data;
  double out[8000];
  /* 1 kHz is 8 samples a cycle, so the error repeats with the phase:
   * several phases, and 1020 Hz (the G.712 test tone, which walks through
   * all phases) as well. */
  const double phases[] = { 0, 0.1, 0.3, G_PI / 8 };
  double worst = 1000, snr1020;

  for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
    {
      double snr = sine_snr (law, 1000, -10, phases[i], out);
      double p = goertzel (out, 8000, 1000);
      const double others[] = { 500, 900, 1100, 2000, 3000, 3500 };
      worst = MIN (worst, snr);
      for (guint j = 0; j < G_N_ELEMENTS (others); j++)
        {
          double q = goertzel (out, 8000, others[j]);
          if (10 * log10 (p / MAX (q, 1e-12)) < 30)
            g_test_fail_printf ("%s: 1 kHz at -10 dBm0, phase %.2f: only %.1f dB above %.0f Hz",
                                law->name, phases[i], 10 * log10 (p / q), others[j]);
        }
    }
  snr1020 = sine_snr (law, 1020, -10, 0.3, out);
  g_test_message ("%s: -10 dBm0 sine: SNR %.2f dB at 1000 Hz (worst phase), %.2f dB at 1020 Hz",
                  law->name, worst, snr1020);
  if (worst < 33 || snr1020 < 33)
    g_test_fail_printf ("%s: SNR of a -10 dBm0 sine is %.2f dB (1 kHz) / %.2f dB (1020 Hz); "
                        "G.711 should give about 38 dB", law->name, worst, snr1020);
}

/* ---- (5) the real executable lists the plugin ---- */

static void
test_listed_by_deskphone (void)
{
  const char *const expect[] = {
    "codec-g711 0.1.0 (codec)",
    "codec:PCMU v1  rate=8000;channels=1;ptime=10..60;pt=0",
    "codec:PCMA v1  rate=8000;channels=1;ptime=10..60;pt=8",
    NULL,
  };
  desk_test_assert_listed (g_getenv ("G711_PLUGIN_DIR"), "codec-g711", "dp_codec_g711.so",
                           expect);
}

/* ---- (6) the interface, through the registry ---- */

typedef DeskTestCore Phone;

static void
phone_setup (Phone *f, gconstpointer data)
{
  desk_test_core_start (f, g_getenv ("G711_PLUGIN_DIR"), "codec-g711", NULL);
}

static void
phone_teardown (Phone *f, gconstpointer data)
{
  desk_test_core_stop (f);
}

static const DeskCodecIface *
lookup (Phone *f, const char *cap)
{
  return desk_test_core_lookup (f, cap, DESK_CODEC_IFACE_VERSION, "codec-g711");
}

static void
test_iface_round_trip (Phone *f, gconstpointer data)
{
  struct { const char *cap, *encoding; int pt; guint8 (*ref) (gint16); } cases[] = {
    { "codec:PCMU", "PCMU", 0, g711_linear_to_ulaw },
    { "codec:PCMA", "PCMA", 8, g711_linear_to_alaw },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const DeskCodecIface *c = lookup (f, cases[i].cap);
      g_autoptr (GError) error = NULL;
      DeskCodecState *enc, *dec;
      gint16 pcm[160], back[160];
      guint8 payload[160];

      g_assert_cmpuint (c->version, ==, DESK_CODEC_IFACE_VERSION);
      g_assert_cmpstr (c->encoding, ==, cases[i].encoding);
      g_assert_cmpint (c->static_pt, ==, cases[i].pt);
      g_assert_cmpuint (c->clock_rate, ==, 8000);
      g_assert_cmpuint (c->sample_rate, ==, 8000);
      g_assert_cmpuint (c->channels, ==, 1);
      g_assert_null (c->conceal);

      enc = c->encoder_new (NULL, &error);
      g_assert_no_error (error);
      dec = c->decoder_new (NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (enc);
      g_assert_nonnull (dec);

      for (int j = 0; j < 160; j++)
        pcm[j] = (gint16) (j * 409 - 32768);
      g_assert_cmpint (c->encode (enc, pcm, 160, payload, sizeof payload), ==, 160);
      for (int j = 0; j < 160; j++)
        if (payload[j] != cases[i].ref (pcm[j]))
          g_error ("%s encode: sample %d (%d) gave 0x%02x, the law gives 0x%02x",
                   cases[i].cap, j, pcm[j], payload[j], cases[i].ref (pcm[j]));
      g_assert_cmpint (c->decode (dec, payload, 160, back, G_N_ELEMENTS (back)), ==, 160);
      for (int j = 0; j < 160; j++)
        {
          guint8 again;
          c->encode (enc, &back[j], 1, &again, 1);
          /* a decoded level re-encodes to its own character (bar μ-law -0) */
          if (again != payload[j] && !(payload[j] == 0x7F && again == 0xFF))
            g_error ("%s: 0x%02x decoded to %d re-encodes to 0x%02x",
                     cases[i].cap, payload[j], back[j], again);
        }
      /* empty frames are fine */
      g_assert_cmpint (c->encode (enc, pcm, 0, payload, 0), ==, 0);
      g_assert_cmpint (c->decode (dec, payload, 0, back, 0), ==, 0);

      c->state_free (enc);
      c->state_free (dec);
    }
}

static void
test_iface_rejects_short_buffers (Phone *f, gconstpointer data)
{
  for (int i = 0; i < 2; i++)
    {
      const DeskCodecIface *c = lookup (f, i ? "codec:PCMA" : "codec:PCMU");
      DeskCodecState *enc = c->encoder_new (NULL, NULL);
      DeskCodecState *dec = c->decoder_new (NULL, NULL);
      gint16 pcm[80] = { 0 };
      guint8 payload[80];

      memset (payload, 0xAB, sizeof payload);
      g_assert_cmpint (c->encode (enc, pcm, 80, payload, 79), ==, -1);
      for (int j = 0; j < 80; j++)
        if (payload[j] != 0xAB)
          g_error ("%s: a refused encode wrote byte %d of the payload", c->encoding, j);
      g_assert_cmpint (c->decode (dec, payload, 80, pcm, 79), ==, -1);
      /* exact fits work */
      g_assert_cmpint (c->encode (enc, pcm, 80, payload, 80), ==, 80);
      g_assert_cmpint (c->decode (dec, payload, 80, pcm, 80), ==, 80);
      c->state_free (enc);
      c->state_free (dec);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/g711/ulaw/decode-matches-g711-table-2", &ulaw, test_decode_matches_table);
  g_test_add_data_func ("/g711/alaw/decode-matches-g711-table-1", &alaw, test_decode_matches_table);
  g_test_add_func ("/g711/ulaw/zeroes-and-extremes", test_ulaw_special_characters);
  g_test_add_func ("/g711/alaw/even-bit-inversion-and-extremes", test_alaw_special_characters);
  g_test_add_data_func ("/g711/ulaw/encode-every-input-to-its-decision-interval", &ulaw,
                        test_encode_every_input);
  g_test_add_data_func ("/g711/alaw/encode-every-input-to-its-decision-interval", &alaw,
                        test_encode_every_input);
  g_test_add_data_func ("/g711/ulaw/reencode-every-level-except-negative-zero", &ulaw,
                        test_reencode_levels);
  g_test_add_data_func ("/g711/alaw/reencode-every-level", &alaw, test_reencode_levels);
  g_test_add_data_func ("/g711/ulaw/sine-minus-10dbm0-keeps-frequency-and-snr", &ulaw,
                        test_sine_keeps_frequency_and_snr);
  g_test_add_data_func ("/g711/alaw/sine-minus-10dbm0-keeps-frequency-and-snr", &alaw,
                        test_sine_keeps_frequency_and_snr);
  g_test_add_func ("/g711/plugin/listed-by-deskphone-with-attrs", test_listed_by_deskphone);
  g_test_add ("/g711/plugin/iface-round-trip-through-registry", Phone, NULL,
              phone_setup, test_iface_round_trip, phone_teardown);
  g_test_add ("/g711/plugin/iface-rejects-short-buffers", Phone, NULL,
              phone_setup, test_iface_rejects_short_buffers, phone_teardown);
  return g_test_run ();
}
