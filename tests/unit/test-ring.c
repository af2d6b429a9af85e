/* Tests of the single-producer single-consumer sample ring (ring.h): sizes,
 * wrap-around, overrun and underrun, and two real threads moving a counting
 * sequence through a small ring, which fails on any lost, repeated or
 * reordered sample. */
#include <deskphone/deskphone.h>

static void
test_sizes (void)
{
  g_autoptr (DeskRing) a = desk_ring_new (1000);
  g_autoptr (DeskRing) b = desk_ring_new (1024);
  g_autoptr (DeskRing) c = desk_ring_new (1);

  g_assert_null (desk_ring_new (0));
  g_assert_null (desk_ring_new ((gsize) 1 << 31));
  g_assert_cmpuint (desk_ring_capacity (a), ==, 1024);
  g_assert_cmpuint (desk_ring_capacity (b), ==, 1024);
  g_assert_cmpuint (desk_ring_capacity (c), ==, 1);
  g_assert_cmpuint (desk_ring_space (a), ==, 1024);
  g_assert_cmpuint (desk_ring_available (a), ==, 0);
}

static void
test_wrap_overrun_underrun (void)
{
  g_autoptr (DeskRing) r = desk_ring_new (8);
  gint16 in[20], out[20];

  for (int i = 0; i < 20; i++)
    in[i] = (gint16) (i * 1000 - 7000);
  /* fill 6, read 5: the next write wraps */
  g_assert_cmpuint (desk_ring_write (r, in, 6), ==, 6);
  g_assert_cmpuint (desk_ring_read (r, out, 5), ==, 5);
  g_assert_cmpmem (out, 5 * sizeof *out, in, 5 * sizeof *in);
  /* 1 left; 7 fit; the 8th of 10 is refused (overrun) */
  g_assert_cmpuint (desk_ring_write (r, in + 6, 10), ==, 7);
  g_assert_cmpuint (desk_ring_space (r), ==, 0);
  g_assert_cmpuint (desk_ring_write (r, in, 1), ==, 0);
  g_assert_cmpuint (desk_ring_available (r), ==, 8);
  /* read across the wrap: in[5..12] */
  g_assert_cmpuint (desk_ring_read (r, out, 20), ==, 8);
  g_assert_cmpmem (out, 8 * sizeof *out, in + 5, 8 * sizeof *in);
  /* empty: an underrun reads nothing */
  g_assert_cmpuint (desk_ring_read (r, out, 4), ==, 0);
  /* skip drops without copying */
  desk_ring_write (r, in, 5);
  g_assert_cmpuint (desk_ring_skip (r, 3), ==, 3);
  g_assert_cmpuint (desk_ring_read (r, out, 5), ==, 2);
  g_assert_cmpint (out[0], ==, in[3]);
  g_assert_cmpint (out[1], ==, in[4]);
  g_assert_cmpuint (desk_ring_skip (r, 3), ==, 0);
}

#define TOTAL 2000000

static gpointer
writer (gpointer data)
{
  DeskRing *r = data;
  guint32 next = 0, seed = 1;
  gint16 chunk[97];

  while (next < TOTAL)
    {
      /* chunk sizes from a small LCG, so runs repeat */
      gsize want, done;
      seed = seed * 1103515245 + 12345;
      want = MIN (1 + (seed >> 16) % 97, TOTAL - next);
      for (gsize i = 0; i < want; i++)
        chunk[i] = (gint16) (next + i);
      done = 0;
      while (done < want)
        {
          gsize n = desk_ring_write (r, chunk + done, want - done);
          if (n == 0)
            g_thread_yield ();
          done += n;
        }
      next += want;
    }
  return NULL;
}

static void
test_two_threads_keep_every_sample_in_order (void)
{
  g_autoptr (DeskRing) r = desk_ring_new (256);
  GThread *t = g_thread_new ("ring-writer", writer, r);
  guint32 got = 0, seed = 7;
  gint16 chunk[61];

  while (got < TOTAL)
    {
      gsize n;
      seed = seed * 1103515245 + 12345;
      n = desk_ring_read (r, chunk, 1 + (seed >> 16) % 61);
      if (n == 0)
        g_thread_yield ();
      for (gsize i = 0; i < n; i++, got++)
        if (chunk[i] != (gint16) got)
          g_error ("sample %u came out as %d, expected %d", got, chunk[i], (gint16) got);
    }
  g_thread_join (t);
  g_assert_cmpuint (desk_ring_available (r), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ring/sizes", test_sizes);
  g_test_add_func ("/ring/wrap-overrun-underrun", test_wrap_overrun_underrun);
  g_test_add_func ("/ring/two-threads-keep-every-sample-in-order",
                   test_two_threads_keep_every_sample_in_order);
  return g_test_run ();
}
