/* A lock-free ring of 16-bit PCM samples between exactly one writer thread
 * and one reader thread: how audio moves between a sound card's real-time
 * thread and the media thread without either ever waiting for the other.
 *
 * The ring never blocks and never allocates after creation.  A writer that
 * finds it full writes what fits and learns how much was refused (an
 * overrun); a reader that finds it short reads what is there (an
 * underrun).  Each side only moves its own index, published with release
 * ordering and read with acquire ordering, so the samples are visible
 * before the index that announces them. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _DeskRing DeskRing;

/* A ring holding at least @capacity samples (rounded up to a power of
 * two).  Returns NULL if @capacity is 0 or above 2^30. */
DeskRing *desk_ring_new (gsize capacity);
void desk_ring_free (DeskRing *ring);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskRing, desk_ring_free)

gsize desk_ring_capacity (const DeskRing *ring);

/* Writer side.  Copies up to @n samples in; returns how many were. */
gsize desk_ring_write (DeskRing *ring, const gint16 *samples, gsize n);
/* Samples the writer could write now. */
gsize desk_ring_space (const DeskRing *ring);

/* Reader side.  Copies up to @n samples out; returns how many were. */
gsize desk_ring_read (DeskRing *ring, gint16 *samples, gsize n);
/* Samples the reader could read now. */
gsize desk_ring_available (const DeskRing *ring);
/* Drops up to @n samples without copying them (reader side). */
gsize desk_ring_skip (DeskRing *ring, gsize n);

G_END_DECLS
