/* Call-progress tones the phone plays locally (dial, ringback, busy, ...),
 * generated as 16-bit linear PCM on the media thread.
 *
 * One const table describes every tone: its frequencies, the level of each
 * frequency in dBm0, and its cadence as a list of on and off segments in
 * milliseconds.  The generator only interprets that table.
 *
 * What a generator produces, exactly (tests rely on it):
 *
 *   x(n) = round (gain(n) · Σ A · sin (2π · f · n / rate))
 *
 * where n counts samples from the generator's first sample, f runs over the
 * tone's frequencies and A is the peak of a sine at the tone's level
 * (MEDIA_TONE_DBM0_PEAK scaled by 10^(level/20)).  The oscillators run on
 * through off segments, so phase never depends on how the output is cut
 * into fill calls.
 *
 * Segment k starts at the sum of the lengths of the segments before it,
 * each length being ms · rate / 1000 samples.  gain(n) is 0 in an off
 * segment.  Within a run of on samples that starts at sample s and lasts L
 * samples (consecutive on segments form one run), with R the ramp length
 * (MEDIA_TONE_RAMP_MS · rate / 1000 samples):
 *
 *   gain(s + k) = min (1, (k + 1) / R, (L - k) / R)
 *
 * The ramps sit inside the on run, so the first sample of a burst is at
 * its exact index and the sample after its last is silent.  The ramp down
 * is omitted for a run that never ends.  The ramps avoid the click a
 * sine switched on or off mid-cycle makes in the earpiece. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  MEDIA_TONE_UNKNOWN = -1, /* media_tone_from_name() of a name it does not know */
  MEDIA_TONE_DIAL,
  MEDIA_TONE_RINGBACK,
  MEDIA_TONE_BUSY,
  MEDIA_TONE_REORDER,
  MEDIA_TONE_CALL_WAITING,
  MEDIA_TONE_CONFIRM,
  MEDIA_TONE_STUTTER_DIAL,
  MEDIA_TONE_HOLD,
  MEDIA_TONE_OFF_HOOK,
  MEDIA_TONE__COUNT
} MediaToneId;

/* The peak, in 16-bit linear PCM, of a sine at 0 dBm0.  G.711 puts the
 * μ-law overload (8159 in its 14-bit units, 32636 in 16-bit ones) at the
 * peak of a sine of +3.14 dBm0, so 0 dBm0 is 3.14 dB below it (≈ 22735). */
#define MEDIA_TONE_DBM0_PEAK (32636.0 * 0.69662651) /* 10^(-3.14/20) */

#define MEDIA_TONE_MAX_FREQS 4
#define MEDIA_TONE_RAMP_MS 2

/* loop_from of a tone that ends after its last segment. */
#define MEDIA_TONE_ENDS (-1)

typedef struct {
  guint ms;
  gboolean on;
} MediaToneSegment;

typedef struct {
  const char *name; /* for configuration and the bus: "dial", "busy", ... */
  guint n_freqs;
  guint freqs[MEDIA_TONE_MAX_FREQS]; /* Hz */
  double level_dbm0;                 /* of each frequency */
  guint n_segments;
  const MediaToneSegment *segments;
  /* After the last segment, play continues at this segment: 0 for a
   * cadence that repeats, the index of a final steady segment for a tone
   * that turns steady (stutter dial), MEDIA_TONE_ENDS for a finite one. */
  gint loop_from;
} MediaToneDesc;

/* The description of @id, or NULL if @id is not a tone.  Static data. */
const MediaToneDesc *media_tone_get_desc (MediaToneId id);

/* The tone whose description is named @name (case-sensitive), or
 * MEDIA_TONE_UNKNOWN if none is, or @name is NULL. */
MediaToneId media_tone_from_name (const char *name);

typedef struct _MediaToneGen MediaToneGen;

/* A generator of tone @id at @sample_rate Hz (8000 to 192000).  Returns:
 * (transfer full) a generator to free with media_tone_gen_free(), or NULL
 * if @id or @sample_rate is invalid.  A generator belongs to one thread at
 * a time; separate generators share nothing mutable. */
MediaToneGen *media_tone_gen_new (MediaToneId id, guint sample_rate);
void media_tone_gen_free (MediaToneGen *gen);

/* Writes the next samples of the tone, at most @n, to @pcm and returns how
 * many it wrote: @n unless a finite tone ended, then fewer, then 0. */
gsize media_tone_gen_fill (MediaToneGen *gen, gint16 *pcm, gsize n);

/* Whether a finite tone has written its last sample. */
gboolean media_tone_gen_done (const MediaToneGen *gen);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MediaToneGen, media_tone_gen_free)

G_END_DECLS
