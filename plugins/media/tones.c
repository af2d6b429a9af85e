/* The call-progress tone table and the generator that plays it.
 *
 * Frequencies, levels and cadences are the North American "precise tone
 * plan" of ANSI T1.401 and Telcordia GR-506-CORE, written here from
 * memory of those documents (the phone's own source documents give no
 * figures); the hold tone is a deskphone choice and says so.  The
 * generator computes every sample from the formula in tones.h: integer
 * phase counters (f · n mod rate) make it exact and independent of how
 * the output is cut into fill calls. */
#include "tones.h"

#include <math.h>

#define ON(ms) { (ms), TRUE }
#define OFF(ms) { (ms), FALSE }
#define FLASH ON (100), OFF (100)

/* Continuous tones are one on segment that repeats: consecutive on
 * segments form one run, so the generator never ramps inside it. */
static const MediaToneSegment steady[] = { ON (1000) };

/* T1.401 ringback: 2 s on, 4 s off. */
static const MediaToneSegment ringback[] = { ON (2000), OFF (4000) };

/* T1.401 busy (line busy): 0.5 s on, 0.5 s off, 60 interruptions a
 * minute. */
static const MediaToneSegment busy[] = { ON (500), OFF (500) };

/* T1.401 reorder (all trunks busy, "fast busy"): 0.25 s on, 0.25 s off,
 * 120 interruptions a minute. */
static const MediaToneSegment reorder[] = { ON (250), OFF (250) };

/* GR-506 call waiting: one 0.3 s burst; the phone repeats it every 10 s
 * for as long as the second call waits. */
static const MediaToneSegment call_waiting[] = { ON (300), OFF (9700) };

/* GR-506 confirmation: three 0.1 s bursts 0.1 s apart.  The tone ends
 * after the third burst's 0.1 s off, 600 ms in all, so a tone queued after
 * it is separated from the last burst as the bursts are from each other. */
static const MediaToneSegment confirm[] = { FLASH, FLASH, FLASH };

/* GR-506 stutter dial tone (message waiting): ten 0.1 s on / 0.1 s off
 * flashes, then steady dial tone (the last segment, looped). */
static const MediaToneSegment stutter[] = {
  FLASH, FLASH, FLASH, FLASH, FLASH, FLASH, FLASH, FLASH, FLASH, FLASH, ON (1000),
};

/* Hold reminder: a deskphone choice, no standard covers it.  A 0.1 s beep
 * of 440 Hz (the call-waiting frequency, so it reads as "a call needs
 * you") every 10 s, short enough not to talk over anything. */
static const MediaToneSegment hold[] = { ON (100), OFF (9900) };

/* T1.401 receiver off-hook (ROH) tone: 0.1 s on, 0.1 s off. */
static const MediaToneSegment off_hook[] = { FLASH };

#define SEGMENTS(a) G_N_ELEMENTS (a), (a)

static const MediaToneDesc tones[MEDIA_TONE__COUNT] = {
  /* 350 + 440 Hz at -13 dBm0 each (T1.401). */
  [MEDIA_TONE_DIAL] = { "dial", 2, { 350, 440 }, -13.0, SEGMENTS (steady), 0 },
  /* 440 + 480 Hz at -19 dBm0 each (T1.401). */
  [MEDIA_TONE_RINGBACK] = { "ringback", 2, { 440, 480 }, -19.0, SEGMENTS (ringback), 0 },
  /* 480 + 620 Hz at -24 dBm0 each (T1.401), busy and reorder alike. */
  [MEDIA_TONE_BUSY] = { "busy", 2, { 480, 620 }, -24.0, SEGMENTS (busy), 0 },
  [MEDIA_TONE_REORDER] = { "reorder", 2, { 480, 620 }, -24.0, SEGMENTS (reorder), 0 },
  /* 440 Hz at -13 dBm0 (GR-506). */
  [MEDIA_TONE_CALL_WAITING] = { "call-waiting", 1, { 440 }, -13.0, SEGMENTS (call_waiting), 0 },
  /* Dial-tone frequencies and level (GR-506). */
  [MEDIA_TONE_CONFIRM] = { "confirm", 2, { 350, 440 }, -13.0, SEGMENTS (confirm), MEDIA_TONE_ENDS },
  [MEDIA_TONE_STUTTER_DIAL] = { "stutter-dial", 2, { 350, 440 }, -13.0, SEGMENTS (stutter),
                                G_N_ELEMENTS (stutter) - 1 },
  [MEDIA_TONE_HOLD] = { "hold", 1, { 440 }, -13.0, SEGMENTS (hold), 0 },
  /* 1400 + 2060 + 2450 + 2600 Hz (T1.401).  The network sends ROH very
   * loud, stepping up towards about +3 dBm0 a frequency; four sines that
   * loud would clip 16-bit PCM, so the phone plays each at -9 dBm0, the
   * loudest level at which their four peaks add up to less than full
   * scale (4 × 8067 < 32767). */
  [MEDIA_TONE_OFF_HOOK] = { "off-hook", 4, { 1400, 2060, 2450, 2600 }, -9.0, SEGMENTS (off_hook), 0 },
};

struct _MediaToneGen {
  const MediaToneDesc *desc;
  guint rate;
  double peak;                          /* A of each frequency */
  guint phase[MEDIA_TONE_MAX_FREQS];    /* f · n mod rate */
  guint seg;                            /* the segment playing */
  guint64 pos, len;                     /* samples into it, its length */
  guint64 ramp;                         /* R */
  gboolean prev_on;                     /* whether the sample before was in an on segment */
  gboolean ramp_in, ramp_out;           /* of the current segment */
  gboolean done;
};

const MediaToneDesc *
media_tone_get_desc (MediaToneId id)
{
  if (id < 0 || id >= MEDIA_TONE__COUNT)
    return NULL;
  return &tones[id];
}

MediaToneId
media_tone_from_name (const char *name)
{
  if (name == NULL)
    return MEDIA_TONE_UNKNOWN;
  for (int i = 0; i < MEDIA_TONE__COUNT; i++)
    if (g_str_equal (name, tones[i].name))
      return i;
  return MEDIA_TONE_UNKNOWN;
}

/* The segment after @seg, or -1 once a finite tone is over. */
static gint
next_segment (const MediaToneDesc *desc, guint seg)
{
  if (seg + 1 < desc->n_segments)
    return seg + 1;
  return desc->loop_from;
}

/* Starts segment @seg.  Ramps depend on the neighbours as played, not as
 * listed: a looped steady segment follows itself and never ramps. */
static void
enter (MediaToneGen *gen, guint seg)
{
  const MediaToneDesc *desc = gen->desc;
  const MediaToneSegment *s = &desc->segments[seg];
  gint next = next_segment (desc, seg);

  gen->seg = seg;
  gen->pos = 0;
  gen->len = (guint64) s->ms * gen->rate / 1000;
  gen->ramp_in = s->on && !gen->prev_on;
  gen->ramp_out = s->on && (next < 0 || !desc->segments[next].on);
}

MediaToneGen *
media_tone_gen_new (MediaToneId id, guint sample_rate)
{
  const MediaToneDesc *desc = media_tone_get_desc (id);
  MediaToneGen *gen;

  g_return_val_if_fail (desc != NULL, NULL);
  g_return_val_if_fail (sample_rate >= 8000 && sample_rate <= 192000, NULL);

  gen = g_new0 (MediaToneGen, 1);
  gen->desc = desc;
  gen->rate = sample_rate;
  gen->peak = MEDIA_TONE_DBM0_PEAK * pow (10.0, desc->level_dbm0 / 20.0);
  gen->ramp = MAX ((guint64) MEDIA_TONE_RAMP_MS * sample_rate / 1000, 1);
  enter (gen, 0);
  return gen;
}

void
media_tone_gen_free (MediaToneGen *gen)
{
  g_free (gen);
}

gboolean
media_tone_gen_done (const MediaToneGen *gen)
{
  return gen->done;
}

static double
gain (const MediaToneGen *gen)
{
  double g = 1.0;

  if (!gen->desc->segments[gen->seg].on)
    return 0.0;
  if (gen->ramp_in && gen->pos < gen->ramp)
    g = (double) (gen->pos + 1) / gen->ramp;
  if (gen->ramp_out && gen->len - gen->pos < gen->ramp)
    g = MIN (g, (double) (gen->len - gen->pos) / gen->ramp);
  return g;
}

/* The current sample; the oscillators advance whether it is on or off. */
static gint16
sample (MediaToneGen *gen)
{
  const MediaToneDesc *desc = gen->desc;
  double g = gain (gen), v = 0.0;

  for (guint i = 0; i < desc->n_freqs; i++)
    {
      if (g > 0.0)
        v += sin (2.0 * G_PI * gen->phase[i] / gen->rate);
      gen->phase[i] = (gen->phase[i] + desc->freqs[i]) % gen->rate;
    }
  return (gint16) CLAMP (lrint (g * gen->peak * v), -32768, 32767);
}

static void
advance (MediaToneGen *gen)
{
  gint next;

  gen->prev_on = gen->desc->segments[gen->seg].on;
  if (++gen->pos < gen->len)
    return;
  next = next_segment (gen->desc, gen->seg);
  if (next < 0)
    gen->done = TRUE;
  else
    enter (gen, next);
}

gsize
media_tone_gen_fill (MediaToneGen *gen, gint16 *pcm, gsize n)
{
  gsize i;

  g_return_val_if_fail (gen != NULL, 0);
  g_return_val_if_fail (pcm != NULL || n == 0, 0);

  for (i = 0; i < n && !gen->done; i++)
    {
      pcm[i] = sample (gen);
      advance (gen);
    }
  return i;
}
