/* In-band DTMF (the dtmf_inband setting): key tones generated into the
 * audio at dtmf_db_level, and detected in received audio.
 *
 * Frequencies are the ITU-T Q.23 grid (rows 697 770 852 941 Hz, columns
 * 1209 1336 1477 1633 Hz).  The source documents give only relative steps
 * for dtmf_db_level (1..5 = -6, -3, 0, +3, +6 dB); deskphone's nominal
 * level is -10 dBm0 for the row tone and -8 dBm0 for the column tone (a
 * 2 dB forward twist, common telephone practice). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Row and column frequencies of @key ('0'-'9', '*', '#', 'A'-'D');
 * FALSE for any other character. */
gboolean media_dtmf_freqs (char key, double *row, double *col);

/* Writes @n samples of @key at @rate Hz and dtmf_db_level @level (1..5),
 * starting at phase 0. */
void media_dtmf_generate (char key, guint level, guint rate, gint16 *pcm, gsize n);

/* The detector: 8 kHz audio in any chunk sizes; a key is reported once,
 * when it has lasted two analysis blocks (~50 ms), and reported again only
 * after a pause. */
typedef struct _MediaDtmfDetector MediaDtmfDetector;

MediaDtmfDetector *media_dtmf_detector_new (void);
void media_dtmf_detector_free (MediaDtmfDetector *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MediaDtmfDetector, media_dtmf_detector_free)

/* Feeds @n samples; appends each key detected to @keys (may be NULL). */
void media_dtmf_detector_feed (MediaDtmfDetector *d, const gint16 *pcm, gsize n,
                               GString *keys);

G_END_DECLS
