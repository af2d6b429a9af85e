/* CPU cost of the codec plugins, as the media path will use them: one
 * encoder and one decoder per call (what one phone runs), fed 20 ms frames
 * of a speech-like test signal.  Prints CPU milliseconds per call-minute
 * and the calls one core could carry.  The plugins are loaded from the
 * build by the real loader and used through the registry.
 *
 *   bench-codec G711_PLUGIN_DIR [G729_PLUGIN_DIR] [--seconds S] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "desk-test.h"

#define RATE 8000
#define FRAME 160 /* 20 ms */

static double
cpu_now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One minute of a signal with speech's rough shape: a few formant-like
 * tones whose level rises and falls at syllable rate, with pauses, plus a
 * little noise.  Deterministic, so runs compare. */
static gint16 *
make_signal (void)
{
  gint16 *x = g_new (gint16, RATE * 60);
  GRand *r = g_rand_new_with_seed (7960);

  for (int i = 0; i < RATE * 60; i++)
    {
      double t = (double) i / RATE;
      double env = MAX (0, sin (2 * G_PI * 4 * t)) * (fmod (t, 3.0) < 2.2 ? 1 : 0);
      double v = env * (3000 * sin (2 * G_PI * 220 * t) + 2000 * sin (2 * G_PI * 700 * t) +
                        1200 * sin (2 * G_PI * 1900 * t)) +
                 g_rand_double_range (r, -60, 60);
      x[i] = (gint16) CLAMP (lround (v), -32768, 32767);
    }
  g_rand_free (r);
  return x;
}

/* CPU seconds for one call-minute (encode + decode of 60 s) of @codec. */
static double
per_call_minute (const DeskCodecIface *codec, const char *fmtp, const gint16 *sig,
                 double seconds, guint *bytes)
{
  double start = cpu_now (), used;
  guint minutes = 0;

  do
    {
      DeskCodecState *enc = codec->encoder_new (fmtp, NULL);
      DeskCodecState *dec = codec->decoder_new (fmtp, NULL);
      guint8 payload[FRAME * 2];
      gint16 out[FRAME];

      *bytes = 0;
      for (int i = 0; i + FRAME <= RATE * 60; i += FRAME)
        {
          gssize n = codec->encode (enc, sig + i, FRAME, payload, sizeof payload);
          if (n > 0)
            codec->decode (dec, payload, n, out, FRAME);
          else if (n == 0 && codec->conceal)
            codec->conceal (dec, out, FRAME);
          *bytes += MAX (n, 0);
        }
      codec->state_free (enc);
      codec->state_free (dec);
      minutes++;
      used = cpu_now () - start;
    }
  while (used < seconds);
  return used / minutes;
}

static void
row (const char *name, const DeskCodecIface *codec, const char *fmtp, const gint16 *sig,
     double seconds)
{
  guint bytes = 0;
  double s = per_call_minute (codec, fmtp, sig, seconds, &bytes);
  printf ("%-24s %12.2f %14.0f %14.1f\n", name, s * 1000, 60 / s, bytes / 60.0 * 8 / 1000);
}

int
main (int argc, char **argv)
{
  double seconds = 1.0;
  const char *dirs[2] = { NULL, NULL };
  guint n_dirs = 0;
  g_autofree gint16 *sig = make_signal ();

  for (int i = 1; i < argc; i++)
    if (!strcmp (argv[i], "--seconds") && i + 1 < argc)
      seconds = g_ascii_strtod (argv[++i], NULL);
    else if (n_dirs < 2)
      dirs[n_dirs++] = argv[i];
  if (!dirs[0])
    {
      fprintf (stderr, "usage: bench-codec G711_PLUGIN_DIR [G729_PLUGIN_DIR] [--seconds S]\n");
      return 2;
    }
  printf ("codec CPU per call (1 encoder + 1 decoder, 20 ms frames, speech-like signal, "
          "%.1f s per row)\n", seconds);
  printf ("%-24s %12s %14s %14s\n", "codec", "cpu-ms/min", "calls/core", "payload kbit/s");
  {
    DeskTestCore core;
    desk_test_core_start (&core, dirs[0], "codec-g711", NULL);
    row ("G.711 PCMU", desk_test_core_lookup (&core, "codec:PCMU", DESK_CODEC_IFACE_VERSION,
                                              "codec-g711"), NULL, sig, seconds);
    row ("G.711 PCMA", desk_test_core_lookup (&core, "codec:PCMA", DESK_CODEC_IFACE_VERSION,
                                              "codec-g711"), NULL, sig, seconds);
    desk_test_core_stop (&core);
  }
  if (dirs[1])
    for (int vad = 0; vad < 2; vad++)
      {
        DeskTestCore core;
        const char *const settings[] = { "enable_vad", vad ? "1" : "0", NULL };
        desk_test_core_start (&core, dirs[1], "codec-g729", settings);
        row (vad ? "G.729A + Annex B (VAD)" : "G.729A",
             desk_test_core_lookup (&core, "codec:G729", DESK_CODEC_IFACE_VERSION, "codec-g729"),
             NULL, sig, seconds);
        desk_test_core_stop (&core);
      }
  else
    printf ("(G.729 not built)\n");
  return 0;
}
