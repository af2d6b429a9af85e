/* Tests of the G.729 codec plugin, loaded by the real loader from the
 * build and used through the registry as the media path will use it.
 *
 * G.729 is a vocoder, so the checks are on what a listener hears: a tone
 * comes out at its frequency, a dual tone keeps both, the level stays
 * within a few dB; Annex B sends almost nothing for silence; the payload
 * framing of RFC 3551 4.5.6 is kept and broken payloads are refused. */
#include <math.h>
#include <string.h>

#include "desk-test.h"

#define RATE 8000

/* ---- the plugin in a phone core ---- */

typedef struct {
  DeskTestCore core;
  const DeskCodecIface *codec;
} Phone;

/* @data: the enable_vad value ("0"/"1") the phone starts with. */
static void
phone_setup (Phone *f, gconstpointer data)
{
  const char *const settings[] = { "enable_vad", data, NULL };

  desk_test_core_start (&f->core, g_getenv ("G729_PLUGIN_DIR"), "codec-g729", settings);
  f->codec = desk_test_core_lookup (&f->core, "codec:G729", DESK_CODEC_IFACE_VERSION,
                                    "codec-g729");
}

static void
phone_teardown (Phone *f, gconstpointer data)
{
  desk_test_core_stop (&f->core);
}

/* ---- signals ---- */

/* Power at @freq (Hz) of @n samples, normalised so a sine of amplitude A
 * gives A²/4. */
static double
goertzel (const gint16 *x, gsize n, double freq)
{
  double k = 2 * cos (2 * G_PI * freq / RATE), s1 = 0, s2 = 0;
  for (gsize i = 0; i < n; i++)
    {
      double s = x[i] + k * s1 - s2;
      s2 = s1;
      s1 = s;
    }
  return (s1 * s1 + s2 * s2 - k * s1 * s2) / ((double) n * n);
}

static double
power (const gint16 *x, gsize n)
{
  double e = 0;
  for (gsize i = 0; i < n; i++)
    e += (double) x[i] * x[i];
  return e / n;
}

/* @n samples of the sum of sines at @f1 and @f2 (0: none), each of
 * amplitude @amp. */
static void
tones (gint16 *x, gsize n, double f1, double f2, double amp)
{
  for (gsize i = 0; i < n; i++)
    {
      double v = amp * sin (2 * G_PI * f1 * i / RATE);
      if (f2 > 0)
        v += amp * sin (2 * G_PI * f2 * i / RATE + 0.7);
      x[i] = (gint16) lround (v);
    }
}

/* Encodes @n samples in packets of @ptime ms and decodes them again.
 * Returns the payload bytes sent. */
static gsize
through_codec (const DeskCodecIface *c, const char *fmtp, const gint16 *in, gsize n,
               guint ptime, gint16 *out)
{
  g_autoptr (GError) error = NULL;
  DeskCodecState *enc = c->encoder_new (fmtp, &error);
  DeskCodecState *dec = c->decoder_new (fmtp, &error);
  gsize step = RATE / 1000 * ptime, sent = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (n % step, ==, 0);
  memset (out, 0, n * sizeof *out);
  for (gsize i = 0; i + step <= n; i += step)
    {
      guint8 payload[64];
      gssize len = c->encode (enc, in + i, step, payload, sizeof payload);
      gssize got;

      g_assert_cmpint (len, >=, 0);
      sent += len;
      if (len == 0)
        got = c->conceal (dec, out + i, step); /* DTX: nothing to decode */
      else
        got = c->decode (dec, payload, len, out + i, step);
      g_assert_cmpint (got, >=, 0);
      /* a SID frame ends a packet early: the rest is comfort noise */
      for (gsize j = got; j < step; j += 80)
        c->decode (dec, payload + len - 2, 2, out + i + j, step - j);
    }
  c->state_free (enc);
  c->state_free (dec);
  return sent;
}

/* ---- tests ---- */

static void
test_describes_itself (Phone *f, gconstpointer data)
{
  const DeskCodecIface *c = f->codec;

  g_assert_cmpuint (c->version, ==, DESK_CODEC_IFACE_VERSION);
  g_assert_cmpstr (c->encoding, ==, "G729");
  g_assert_cmpint (c->static_pt, ==, 18);
  g_assert_cmpuint (c->clock_rate, ==, 8000);
  g_assert_cmpuint (c->sample_rate, ==, 8000);
  g_assert_cmpuint (c->channels, ==, 1);
  g_assert_cmpuint (c->frame_ms, ==, 10);
  g_assert_nonnull (c->conceal);
  /* enable_vad off: Annex B is refused in the offer (RFC 4856: no fmtp
   * would mean annexb=yes); on: nothing is said, which offers it */
  if (!strcmp (data, "0"))
    g_assert_cmpstr (c->fmtp, ==, "annexb=no");
  else
    g_assert_null (c->fmtp);
}

/* 1 s of 1 kHz at about -10 dBm0 in 20 ms packets: 20 bytes a packet, and
 * what comes out is a 1 kHz tone at nearly the same level. */
static void
test_tone_keeps_frequency_and_level (Phone *f, gconstpointer data)
{
  enum { N = RATE };
  gint16 in[N], out[N];
  const double others[] = { 500, 800, 1300, 2000, 3000 };
  gsize sent;
  /* skip the first 100 ms: the codec's look-ahead and warm-up */
  const gsize skip = 800, n = N - skip;
  double p, level_db;

  tones (in, N, 1000, 0, 7000);
  sent = through_codec (f->codec, "annexb=no", in, N, 20, out);
  g_assert_cmpuint (sent, ==, N / 80 * 10);
  p = goertzel (out + skip, n, 1000);
  level_db = 10 * log10 (power (out + skip, n) / power (in + skip, n));
  g_test_message ("1 kHz through G.729: level %+.2f dB", level_db);
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      double q = goertzel (out + skip, n, others[i]);
      if (10 * log10 (p / MAX (q, 1e-9)) < 20)
        g_test_fail_printf ("1 kHz through G.729 is only %.1f dB above %.0f Hz",
                            10 * log10 (p / q), others[i]);
    }
  /* most of the power is the tone itself */
  if (4 * p / power (out + skip, n) < 0.8)
    g_test_fail_printf ("only %.0f%% of the decoded power is at 1 kHz",
                        100 * 4 * p / power (out + skip, n));
  if (fabs (level_db) > 3)
    g_test_fail_printf ("a 1 kHz tone comes out %+.2f dB off its level", level_db);
}

/* DTMF '5' (770 + 1336 Hz) through G.729 keeps both tones well above the
 * other DTMF frequencies, so a far-end detector could still read it. */
static void
test_dual_tone_keeps_both (Phone *f, gconstpointer data)
{
  enum { N = 16 * 240 }; /* 480 ms in whole 30 ms packets */
  gint16 in[N], out[N];
  const double dtmf[] = { 697, 852, 941, 1209, 1477 };
  const gsize skip = 800, n = N - skip;
  double lo, hi;

  tones (in, N, 770, 1336, 5000);
  through_codec (f->codec, "annexb=no", in, N, 30, out);
  lo = goertzel (out + skip, n, 770);
  hi = goertzel (out + skip, n, 1336);
  for (guint i = 0; i < G_N_ELEMENTS (dtmf); i++)
    {
      double q = goertzel (out + skip, n, dtmf[i]);
      if (10 * log10 (MIN (lo, hi) / MAX (q, 1e-9)) < 15)
        g_test_fail_printf ("DTMF 5 through G.729: %.0f Hz is within %.1f dB of the real tones",
                            dtmf[i], 10 * log10 (MIN (lo, hi) / q));
    }
  if (fabs (10 * log10 (lo / hi)) > 6)
    g_test_fail_printf ("DTMF 5 through G.729: the two tones differ by %.1f dB (twist)",
                        10 * log10 (lo / hi));
}

/* enable_vad on and Annex B not refused: silence costs little (DTX and
 * 2-byte SID frames); refused by the far end ("annexb=no"), every frame
 * is sent.  enable_vad off: every frame is sent whatever the fmtp. */
static void
test_silence_and_annexb (Phone *f, gconstpointer data)
{
  enum { N = RATE };
  gint16 in[N] = { 0 }, out[N];
  gboolean vad = !strcmp (data, "1");
  gsize full = N / 80 * 10;
  gsize sent_default, sent_refused;

  /* a faint noise floor rather than digital zero, as a real line has */
  for (gsize i = 0; i < N; i++)
    in[i] = (gint16) ((i * 7919 % 13) - 6);
  sent_default = through_codec (f->codec, NULL, in, N, 20, out);
  sent_refused = through_codec (f->codec, "annexb=no", in, N, 20, out);
  g_test_message ("1 s of silence: %" G_GSIZE_FORMAT " bytes (no fmtp), %" G_GSIZE_FORMAT
                  " bytes (annexb=no), enable_vad=%s", sent_default, sent_refused,
                  (const char *) data);
  g_assert_cmpuint (sent_refused, ==, full);
  if (vad)
    g_assert_cmpuint (sent_default, <, full / 4);
  else
    g_assert_cmpuint (sent_default, ==, full);
}

/* RFC 3551 4.5.6 framing: whole 10-byte frames, optionally one 2-byte SID
 * frame at the end; anything else is refused, as are short buffers and
 * partial frames of PCM. */
static void
test_framing (Phone *f, gconstpointer data)
{
  const DeskCodecIface *c = f->codec;
  DeskCodecState *enc = c->encoder_new (NULL, NULL);
  DeskCodecState *dec = c->decoder_new (NULL, NULL);
  gint16 pcm[240];
  guint8 payload[32];
  const gsize bad[] = { 0, 1, 7, 11, 13, 21, 29 };

  tones (pcm, G_N_ELEMENTS (pcm), 440, 0, 3000);
  g_assert_cmpint (c->encode (enc, pcm, 240, payload, sizeof payload), ==, 30);
  g_assert_cmpint (c->encode (enc, pcm, 100, payload, sizeof payload), ==, -1);
  g_assert_cmpint (c->encode (enc, pcm, 240, payload, 29), ==, -1);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    if (c->decode (dec, payload, bad[i], pcm, G_N_ELEMENTS (pcm)) != -1)
      g_test_fail_printf ("a %" G_GSIZE_FORMAT "-byte G.729 payload was decoded", bad[i]);
  g_assert_cmpint (c->decode (dec, payload, 30, pcm, 239), ==, -1);
  g_assert_cmpint (c->decode (dec, payload, 30, pcm, 240), ==, 240);
  g_assert_cmpint (c->decode (dec, payload, 12, pcm, 240), ==, 160); /* frame + SID */
  /* an encoder does not decode, nor a decoder encode */
  g_assert_cmpint (c->decode (enc, payload, 10, pcm, 240), ==, -1);
  g_assert_cmpint (c->encode (dec, pcm, 80, payload, sizeof payload), ==, -1);
  c->state_free (enc);
  c->state_free (dec);
}

/* A lost packet in the middle of a tone is concealed with more of the
 * tone, not silence; only whole frames are made. */
static void
test_conceal_continues_the_tone (Phone *f, gconstpointer data)
{
  const DeskCodecIface *c = f->codec;
  DeskCodecState *enc = c->encoder_new ("annexb=no", NULL);
  DeskCodecState *dec = c->decoder_new ("annexb=no", NULL);
  enum { N = 4000 };
  gint16 in[N], out[N], hidden[160];

  tones (in, N, 600, 0, 6000);
  for (gsize i = 0; i < N; i += 160)
    {
      guint8 payload[20];
      g_assert_cmpint (c->encode (enc, in + i, 160, payload, sizeof payload), ==, 20);
      g_assert_cmpint (c->decode (dec, payload, 20, out + i, 160), ==, 160);
    }
  g_assert_cmpint (c->conceal (dec, hidden, 160), ==, 160);
  g_assert_cmpint (c->conceal (dec, hidden, 100), ==, 80);
  g_test_message ("concealed frame: %.1f dB below the tone",
                  10 * log10 (power (out + N - 160, 160) / MAX (power (hidden, 80), 1e-9)));
  if (power (hidden, 80) < power (out + N - 160, 160) / 10)
    g_test_fail_printf ("concealment after a tone is %.1f dB quieter than the tone",
                        10 * log10 (power (out + N - 160, 160) / MAX (power (hidden, 80), 1e-9)));
  if (goertzel (hidden, 80, 600) < 4 * goertzel (hidden, 80, 1800))
    g_test_fail_printf ("concealment after a 600 Hz tone is not mostly 600 Hz");
  c->state_free (enc);
  c->state_free (dec);
}

/* The real executable loads the plugin just built and lists it. */
static void
test_listed_by_deskphone (void)
{
  const char *const expect[] = {
    "codec-g729 0.1.0 (codec)",
    "codec:G729 v1  rate=8000;channels=1;ptime=10..60;pt=18;annexb=yes,no",
    NULL,
  };
  desk_test_assert_listed (g_getenv ("G729_PLUGIN_DIR"), "codec-g729", "dp_codec_g729.so",
                           expect);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/g729/vad-off/describes-itself", Phone, "0", phone_setup,
              test_describes_itself, phone_teardown);
  g_test_add ("/g729/vad-on/describes-itself", Phone, "1", phone_setup,
              test_describes_itself, phone_teardown);
  g_test_add ("/g729/tone-keeps-frequency-and-level", Phone, "0", phone_setup,
              test_tone_keeps_frequency_and_level, phone_teardown);
  g_test_add ("/g729/dtmf-dual-tone-keeps-both", Phone, "0", phone_setup,
              test_dual_tone_keeps_both, phone_teardown);
  g_test_add ("/g729/vad-off/silence-sends-every-frame", Phone, "0", phone_setup,
              test_silence_and_annexb, phone_teardown);
  g_test_add ("/g729/vad-on/silence-uses-annexb-unless-refused", Phone, "1", phone_setup,
              test_silence_and_annexb, phone_teardown);
  g_test_add ("/g729/framing-rfc3551", Phone, "0", phone_setup, test_framing, phone_teardown);
  g_test_add ("/g729/conceal-continues-the-tone", Phone, "0", phone_setup,
              test_conceal_continues_the_tone, phone_teardown);
  g_test_add_func ("/g729/plugin/listed-by-deskphone-with-attrs", test_listed_by_deskphone);
  return g_test_run ();
}
