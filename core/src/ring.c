/* The single-producer, single-consumer sample ring (see ring.h).
 *
 * head counts samples ever written, tail samples ever read; both only
 * grow (wrapping at 2^64 is centuries away).  head - tail is the fill.
 * The writer owns head, the reader owns tail; each reads the other's with
 * acquire ordering and publishes its own with release ordering. */
#include "deskphone/ring.h"

#include <string.h>

struct _DeskRing {
  gsize mask;
  gint16 *buf;
  /* kept on separate cache lines so the two threads do not fight over one */
  guint64 head __attribute__ ((aligned (64)));
  guint64 tail __attribute__ ((aligned (64)));
};

DeskRing *
desk_ring_new (gsize capacity)
{
  DeskRing *r;
  gsize size = 1;

  if (capacity == 0 || capacity > (1u << 30))
    return NULL;
  while (size < capacity)
    size <<= 1;
  r = g_aligned_alloc0 (1, sizeof *r, 64);
  r->mask = size - 1;
  r->buf = g_new0 (gint16, size);
  return r;
}

void
desk_ring_free (DeskRing *ring)
{
  if (!ring)
    return;
  g_free (ring->buf);
  g_aligned_free (ring);
}

gsize
desk_ring_capacity (const DeskRing *ring)
{
  return ring->mask + 1;
}

static guint64
load_acquire (const guint64 *p)
{
  return __atomic_load_n (p, __ATOMIC_ACQUIRE);
}

static void
store_release (guint64 *p, guint64 v)
{
  __atomic_store_n (p, v, __ATOMIC_RELEASE);
}

gsize
desk_ring_space (const DeskRing *ring)
{
  /* the writer's own head needs no ordering; the reader's tail does */
  guint64 head = __atomic_load_n (&ring->head, __ATOMIC_RELAXED);
  return desk_ring_capacity (ring) - (gsize) (head - load_acquire (&ring->tail));
}

gsize
desk_ring_available (const DeskRing *ring)
{
  guint64 tail = __atomic_load_n (&ring->tail, __ATOMIC_RELAXED);
  return (gsize) (load_acquire (&ring->head) - tail);
}

gsize
desk_ring_write (DeskRing *ring, const gint16 *samples, gsize n)
{
  guint64 head = __atomic_load_n (&ring->head, __ATOMIC_RELAXED);
  /* once: MIN() evaluates its arguments twice, and the other thread may
   * move between the two reads */
  gsize space = desk_ring_space (ring);
  gsize at, first;

  n = MIN (n, space);
  if (n == 0)
    return 0;
  at = head & ring->mask;
  first = MIN (n, desk_ring_capacity (ring) - at);
  memcpy (ring->buf + at, samples, first * sizeof *samples);
  memcpy (ring->buf, samples + first, (n - first) * sizeof *samples);
  store_release (&ring->head, head + n);
  return n;
}

static gsize
take (DeskRing *ring, gint16 *samples, gsize n)
{
  guint64 tail = __atomic_load_n (&ring->tail, __ATOMIC_RELAXED);
  gsize avail = desk_ring_available (ring); /* once: see desk_ring_write() */
  gsize at, first;

  n = MIN (n, avail);
  if (n == 0)
    return 0;
  if (samples)
    {
      at = tail & ring->mask;
      first = MIN (n, desk_ring_capacity (ring) - at);
      memcpy (samples, ring->buf + at, first * sizeof *samples);
      memcpy (samples + first, ring->buf, (n - first) * sizeof *samples);
    }
  store_release (&ring->tail, tail + n);
  return n;
}

gsize
desk_ring_read (DeskRing *ring, gint16 *samples, gsize n)
{
  g_return_val_if_fail (samples != NULL || n == 0, 0);
  return take (ring, samples, n);
}

gsize
desk_ring_skip (DeskRing *ring, gsize n)
{
  return take (ring, NULL, n);
}
