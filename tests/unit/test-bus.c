/* Tests of the event bus against the contract in
 * core/include/deskphone/bus.h: asynchronous, ordered delivery on the bus's
 * GMainContext; payload ownership (floating payloads sunk, others ref'd, NULL
 * an empty a{sv}); topic patterns; the "published after subscribe, before
 * unsubscribe" rule, also when handlers subscribe, unsubscribe and publish;
 * destroy notifies; publishing from several threads; desk_bus_emit and the
 * delivered counter.
 *
 * Payload lifetimes are observed through GVariants built on a buffer whose
 * free notify sets a flag, so a leaked or early-freed payload fails here
 * even without valgrind. */
#include <string.h>

#include <glib.h>

#include <deskphone/bus.h>

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

/* What one subscription saw, as "topic payload" lines, plus its destroy
 * notify count. */
typedef struct {
  GPtrArray *seen; /* char* */
  guint destroyed;
  /* Optional behaviour on an event, set by the test. */
  DeskBus *bus;
  const char *on_topic;  /* act when this topic arrives (NULL: never) */
  guint unsubscribe_id;  /* ...unsubscribe this id */
  const char *publish;   /* ...publish this topic */
  gboolean acted;
  guint destroyed_while_acting; /* destroy count right after unsubscribing */
} Rec;

static void
rec_init (Rec *r)
{
  memset (r, 0, sizeof *r);
  r->seen = g_ptr_array_new_with_free_func (g_free);
}

static void
rec_clear (Rec *r)
{
  g_ptr_array_unref (r->seen);
}

/* The events seen, joined with " | ". */
static char *
rec_log (Rec *r)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < r->seen->len; i++)
    {
      if (i)
        g_string_append (s, " | ");
      g_string_append (s, g_ptr_array_index (r->seen, i));
    }
  return g_string_free (s, FALSE);
}

static void
rec_destroy (gpointer data)
{
  ((Rec *) data)->destroyed++;
}

static void
rec_handler (const char *topic, GVariant *payload, gpointer data)
{
  Rec *r = data;
  g_autofree char *text = g_variant_print (payload, FALSE);

  g_ptr_array_add (r->seen, g_strdup_printf ("%s %s", topic, text));
  if (r->on_topic && !r->acted && strcmp (topic, r->on_topic) == 0)
    {
      r->acted = TRUE;
      if (r->unsubscribe_id)
        {
          desk_bus_unsubscribe (r->bus, r->unsubscribe_id);
          r->destroyed_while_acting = r->destroyed;
        }
      if (r->publish)
        desk_bus_publish (r->bus, r->publish, NULL);
    }
}

/* Publishes @topic with payload {'n': <n>}. */
static void
publish_n (DeskBus *bus, const char *topic, gint32 n)
{
  desk_bus_emit (bus, topic, "n", g_variant_new_int32 (n), NULL);
}

/* Runs @context's pending dispatches without blocking (bounded). */
static void
iterate_pending (GMainContext *context)
{
  for (guint i = 0; i < 1000 && g_main_context_iteration (context, FALSE); i++)
    ;
}

/* The buffer behind a tracked payload: freeing it means the GVariant's last
 * reference went away. */
typedef struct {
  gpointer data;
  gboolean *freed;
} TrackedBuf;

static void
tracked_buf_free (gpointer p)
{
  TrackedBuf *t = p;
  *t->freed = TRUE;
  g_free (t->data);
  g_free (t);
}

/* A serialised a{sv} payload {'line': <1>, 'state': <'ringing'>} whose
 * buffer's free notify sets *@freed, so the test sees when the last
 * reference to the GVariant goes away.  Returns: (transfer floating). */
static GVariant *
tracked_payload (gboolean *freed)
{
  g_autoptr (GVariant) model = g_variant_ref_sink (
      g_variant_new_parsed ("{'line': <int32 1>, 'state': <'ringing'>}"));
  gsize size = g_variant_get_size (model);
  TrackedBuf *t = g_new0 (TrackedBuf, 1);

  t->data = g_memdup2 (g_variant_get_data (model), size);
  t->freed = freed;
  *freed = FALSE;
  return g_variant_new_from_data (G_VARIANT_TYPE_VARDICT, t->data, size, TRUE,
                                  tracked_buf_free, t);
}

/* ------------------------------------------------------------------------
 * Delivery: asynchronous, ordered, payload intact
 * ------------------------------------------------------------------------ */

static void
test_publish_never_delivers_inside_publish (void)
{
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  Rec r;

  rec_init (&r);
  desk_bus_subscribe (bus, "*", rec_handler, &r, NULL);
  publish_n (bus, "call.state", 1);
  g_assert_cmpuint (r.seen->len, ==, 0); /* nothing inside publish */
  desk_bus_flush (bus);
  g_assert_cmpuint (r.seen->len, ==, 1); /* delivered by flush */
  rec_clear (&r);
}

static void
test_iterating_main_context_delivers (void)
{
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  g_autofree char *log = NULL;
  Rec r;

  rec_init (&r);
  desk_bus_subscribe (bus, "*", rec_handler, &r, NULL);
  publish_n (bus, "a", 1);
  publish_n (bus, "b", 2);
  g_assert_cmpuint (r.seen->len, ==, 0);
  iterate_pending (NULL);
  log = rec_log (&r);
  g_assert_cmpstr (log, ==, "a {'n': <1>} | b {'n': <2>}");
  rec_clear (&r);
}

static void
test_delivery_keeps_publication_order_and_payload (void)
{
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  g_autoptr (GString) want = g_string_new (NULL);
  g_autofree char *log = NULL;
  Rec r;

  rec_init (&r);
  desk_bus_subscribe (bus, "*", rec_handler, &r, NULL);
  for (int i = 0; i < 50; i++)
    {
      g_autofree char *topic = g_strdup_printf ("t%d", i % 3);
      desk_bus_publish (bus, topic,
                        g_variant_new_parsed ("{'n': <%i>, 's': <%s>}", i,
                                              i % 2 ? "odd" : "even"));
      g_string_append_printf (want, "%s%s {'n': <%d>, 's': <'%s'>}",
                              i ? " | " : "", topic, i, i % 2 ? "odd" : "even");
    }
  desk_bus_flush (bus);
  log = rec_log (&r);
  g_assert_cmpstr (log, ==, want->str);
  rec_clear (&r);
}

static void
check_empty_vardict (const char *topic, GVariant *payload, gpointer data)
{
  guint *calls = data;
  g_assert_nonnull (payload);
  g_assert_cmpstr (g_variant_get_type_string (payload), ==, "a{sv}");
  g_assert_cmpuint (g_variant_n_children (payload), ==, 0);
  (*calls)++;
}

static void
test_null_payload_arrives_as_empty_vardict (void)
{
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  guint calls = 0;

  desk_bus_subscribe (bus, "ui.refresh", check_empty_vardict, &calls, NULL);
  desk_bus_publish (bus, "ui.refresh", NULL);
  desk_bus_flush (bus);
  g_assert_cmpuint (calls, ==, 1);
}

typedef struct {
  gboolean *freed;
  guint calls;
  gboolean was_floating;
  char *text;
} PayloadCheck;

static void
check_payload (const char *topic, GVariant *payload, gpointer data)
{
  PayloadCheck *c = data;
  c->calls++;
  /* The payload must still be alive while delivered. */
  g_assert_false (*c->freed);
  c->was_floating = g_variant_is_floating (payload);
  g_free (c->text);
  c->text = g_variant_print (payload, FALSE);
}

static void
test_floating_payload_is_sunk_not_leaked (void)
{
  DeskBus *bus = desk_bus_new (NULL);
  gboolean freed = FALSE;
  PayloadCheck c = { .freed = &freed };

  desk_bus_subscribe (bus, "call.state", check_payload, &c, NULL);
  desk_bus_publish (bus, "call.state", tracked_payload (&freed));
  g_assert_false (freed);
  desk_bus_flush (bus);
  g_assert_cmpuint (c.calls, ==, 1);
  g_assert_false (c.was_floating);
  g_assert_cmpstr (c.text, ==, "{'line': <1>, 'state': <'ringing'>}");
  if (!freed)
    g_test_fail_printf ("a floating payload was still alive after delivery: "
                        "the bus kept (leaked) a reference instead of sinking it");
  desk_bus_free (bus);
  g_free (c.text);
}

static void
test_non_floating_payload_gets_own_reference (void)
{
  DeskBus *bus = desk_bus_new (NULL);
  gboolean freed = FALSE;
  PayloadCheck c = { .freed = &freed };
  GVariant *payload = g_variant_ref_sink (tracked_payload (&freed));

  desk_bus_subscribe (bus, "call.state", check_payload, &c, NULL);
  desk_bus_publish (bus, "call.state", payload);
  g_assert_false (g_variant_is_floating (payload));
  g_variant_unref (payload); /* the publisher's reference */
  if (freed)
    {
      g_test_fail_printf ("the payload died when the publisher dropped its "
                          "reference: the bus took none");
      desk_bus_free (bus);
      return;
    }
  desk_bus_flush (bus);
  g_assert_cmpuint (c.calls, ==, 1);
  g_assert_cmpstr (c.text, ==, "{'line': <1>, 'state': <'ringing'>}");
  if (!freed)
    g_test_fail_printf ("the payload outlived delivery: the bus leaked its "
                        "reference");
  desk_bus_free (bus);
  g_free (c.text);
}

static void
test_publisher_keeps_its_reference (void)
{
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  gboolean freed = FALSE;
  GVariant *payload = g_variant_ref_sink (tracked_payload (&freed));

  desk_bus_publish (bus, "a", payload);
  desk_bus_publish (bus, "b", payload);
  desk_bus_flush (bus);
  /* The bus dropped only its own references. */
  g_assert_false (freed);
  g_assert_cmpuint (g_variant_n_children (payload), ==, 2);
  g_variant_unref (payload);
  g_assert_true (freed);
}

static void
test_free_releases_undelivered_payloads (void)
{
  DeskBus *bus = desk_bus_new (NULL);
  gboolean freed = FALSE;
  Rec r;

  rec_init (&r);
  desk_bus_subscribe (bus, "*", rec_handler, &r, NULL);
  desk_bus_publish (bus, "never.delivered", tracked_payload (&freed));
  desk_bus_free (bus);
  g_assert_cmpuint (r.seen->len, ==, 0);
  if (!freed)
    g_test_fail_printf ("an event still queued when the bus was freed leaked "
                        "its payload");
  rec_clear (&r);
}

/* ------------------------------------------------------------------------
 * Patterns
 * ------------------------------------------------------------------------ */

static const char *const pattern_topics[] = {
  "call", "call.state", "call.state.held", "caller.x", "callx", "reg.state",
  "x.call", NULL,
};

/* The topics of pattern_topics that a subscription to @pattern saw. */
static char *
topics_seen_by (const char *pattern)
{
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  GString *s = g_string_new (NULL);
  Rec r;

  rec_init (&r);
  desk_bus_subscribe (bus, pattern, rec_handler, &r, NULL);
  for (guint i = 0; pattern_topics[i]; i++)
    desk_bus_publish (bus, pattern_topics[i], NULL);
  desk_bus_flush (bus);
  for (guint i = 0; i < r.seen->len; i++)
    {
      const char *line = g_ptr_array_index (r.seen, i);
      g_string_append_printf (s, "%s%.*s", i ? " " : "",
                              (int) strcspn (line, " "), line);
    }
  rec_clear (&r);
  return g_string_free (s, FALSE);
}

static void
test_exact_pattern_matches_only_that_topic (void)
{
  g_autofree char *a = topics_seen_by ("call.state");
  g_autofree char *b = topics_seen_by ("call");
  g_assert_cmpstr (a, ==, "call.state");
  g_assert_cmpstr (b, ==, "call");
}

static void
test_prefix_pattern_matches_family_not_lookalikes (void)
{
  g_autofree char *a = topics_seen_by ("call.*");
  g_autofree char *b = topics_seen_by ("call.state.*");
  /* "call.*" covers "call" and every "call.X", never "caller.x"/"callx". */
  g_assert_cmpstr (a, ==, "call call.state call.state.held");
  g_assert_cmpstr (b, ==, "call.state call.state.held");
}

static void
test_star_pattern_matches_everything (void)
{
  g_autofree char *a = topics_seen_by ("*");
  g_assert_cmpstr (a, ==,
                   "call call.state call.state.held caller.x callx "
                   "reg.state x.call");
}

/* ------------------------------------------------------------------------
 * Subscribe / unsubscribe
 * ------------------------------------------------------------------------ */

static void
test_subscribe_returns_distinct_nonzero_ids (void)
{
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  Rec r;
  guint a, b;

  rec_init (&r);
  a = desk_bus_subscribe (bus, "*", rec_handler, &r, NULL);
  b = desk_bus_subscribe (bus, "*", rec_handler, &r, NULL);
  g_assert_cmpuint (a, !=, 0);
  g_assert_cmpuint (b, !=, 0);
  g_assert_cmpuint (a, !=, b);
  desk_bus_unsubscribe (bus, a);
  desk_bus_unsubscribe (bus, b);
  rec_clear (&r);
}

static void
test_subscriber_sees_only_events_published_after_subscribing (void)
{
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  g_autofree char *early_log = NULL, *late_log = NULL;
  Rec early, late;

  rec_init (&early);
  rec_init (&late);
  desk_bus_subscribe (bus, "*", rec_handler, &early, NULL);
  publish_n (bus, "e", 1); /* queued, not yet delivered */
  desk_bus_subscribe (bus, "*", rec_handler, &late, NULL);
  publish_n (bus, "e", 2);
  desk_bus_flush (bus);
  early_log = rec_log (&early);
  late_log = rec_log (&late);
  g_assert_cmpstr (early_log, ==, "e {'n': <1>} | e {'n': <2>}");
  g_assert_cmpstr (late_log, ==, "e {'n': <2>}");
  rec_clear (&early);
  rec_clear (&late);
}

static void
test_unsubscribe_drops_events_already_queued (void)
{
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  g_autofree char *log = NULL;
  Rec r;
  guint id;

  rec_init (&r);
  id = desk_bus_subscribe (bus, "*", rec_handler, &r, rec_destroy);
  publish_n (bus, "queued", 1);
  publish_n (bus, "queued", 2);
  desk_bus_unsubscribe (bus, id);
  g_assert_cmpuint (r.destroyed, ==, 1);
  desk_bus_flush (bus);
  iterate_pending (NULL);
  log = rec_log (&r);
  g_assert_cmpstr (log, ==, "");
  rec_clear (&r);
}

static void
test_unsubscribe_self_inside_handler (void)
{
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  g_autofree char *log = NULL;
  Rec r;

  rec_init (&r);
  r.bus = bus;
  r.on_topic = "first";
  r.unsubscribe_id =
      desk_bus_subscribe (bus, "*", rec_handler, &r, rec_destroy);
  desk_bus_publish (bus, "first", NULL);
  desk_bus_publish (bus, "second", NULL);
  desk_bus_publish (bus, "third", NULL);
  desk_bus_flush (bus);
  log = rec_log (&r);
  g_assert_cmpstr (log, ==, "first {}");
  /* user_data must stay valid until the handler has returned. */
  g_assert_cmpuint (r.destroyed_while_acting, ==, 0);
  g_assert_cmpuint (r.destroyed, ==, 1);
  publish_n (bus, "fourth", 4);
  desk_bus_flush (bus);
  g_assert_cmpuint (r.seen->len, ==, 1);
  g_assert_cmpuint (r.destroyed, ==, 1);
  rec_clear (&r);
}

static void
test_unsubscribe_later_subscriber_inside_handler (void)
{
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  g_autofree char *killer_log = NULL, *victim_log = NULL;
  Rec killer, victim;

  rec_init (&killer);
  rec_init (&victim);
  killer.bus = bus;
  killer.on_topic = "first";
  desk_bus_subscribe (bus, "*", rec_handler, &killer, rec_destroy);
  killer.unsubscribe_id =
      desk_bus_subscribe (bus, "*", rec_handler, &victim, rec_destroy);
  desk_bus_publish (bus, "first", NULL);
  desk_bus_publish (bus, "second", NULL);
  desk_bus_flush (bus);
  killer_log = rec_log (&killer);
  victim_log = rec_log (&victim);
  g_assert_cmpstr (killer_log, ==, "first {} | second {}");
  /* Removed before its turn: "receives nothing more", not even the event
   * being delivered. */
  g_assert_cmpstr (victim_log, ==, "");
  g_assert_cmpuint (victim.destroyed, ==, 1);
  g_assert_cmpuint (killer.destroyed, ==, 0);
  rec_clear (&killer);
  rec_clear (&victim);
}

static void
test_unsubscribe_earlier_subscriber_inside_handler (void)
{
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  g_autofree char *killer_log = NULL, *victim_log = NULL;
  Rec killer, victim;

  rec_init (&killer);
  rec_init (&victim);
  killer.bus = bus;
  killer.on_topic = "first";
  killer.unsubscribe_id =
      desk_bus_subscribe (bus, "*", rec_handler, &victim, rec_destroy);
  desk_bus_subscribe (bus, "*", rec_handler, &killer, rec_destroy);
  desk_bus_publish (bus, "first", NULL);
  desk_bus_publish (bus, "second", NULL);
  desk_bus_flush (bus);
  killer_log = rec_log (&killer);
  victim_log = rec_log (&victim);
  g_assert_cmpstr (killer_log, ==, "first {} | second {}");
  /* It had its turn at "first"; "second" was queued but must not arrive. */
  g_assert_cmpstr (victim_log, ==, "first {}");
  g_assert_cmpuint (victim.destroyed, ==, 1);
  rec_clear (&killer);
  rec_clear (&victim);
}

typedef struct {
  DeskBus *bus;
  Rec *late;
  guint late_id;
} Subscriber;

static void
subscribe_on_first (const char *topic, GVariant *payload, gpointer data)
{
  Subscriber *s = data;
  if (strcmp (topic, "first") == 0 && !s->late_id)
    s->late_id = desk_bus_subscribe (s->bus, "*", rec_handler, s->late,
                                     rec_destroy);
}

static void
test_subscribe_inside_handler_gets_next_event_not_current (void)
{
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  g_autofree char *log = NULL;
  Rec late;
  Subscriber s = { .bus = bus, .late = &late };

  rec_init (&late);
  desk_bus_subscribe (bus, "*", subscribe_on_first, &s, NULL);
  desk_bus_publish (bus, "first", NULL);
  desk_bus_flush (bus);
  g_assert_cmpuint (s.late_id, !=, 0);
  g_assert_cmpuint (late.seen->len, ==, 0); /* not the current event */
  desk_bus_publish (bus, "second", NULL);
  desk_bus_flush (bus);
  log = rec_log (&late);
  g_assert_cmpstr (log, ==, "second {}");
  rec_clear (&late);
}

static void
test_subscribe_inside_handler_skips_rest_of_queued_batch (void)
{
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  g_autofree char *log = NULL;
  Rec late;
  Subscriber s = { .bus = bus, .late = &late };

  rec_init (&late);
  desk_bus_subscribe (bus, "*", subscribe_on_first, &s, NULL);
  desk_bus_publish (bus, "first", NULL);
  desk_bus_publish (bus, "queued-before-subscribe", NULL);
  desk_bus_flush (bus);
  desk_bus_publish (bus, "after", NULL);
  desk_bus_flush (bus);
  log = rec_log (&late);
  /* "queued-before-subscribe" was published before the subscription. */
  g_assert_cmpstr (log, ==, "after {}");
  rec_clear (&late);
}

static void
test_destroy_notify_runs_once_on_unsubscribe (void)
{
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  Rec r;
  guint id;

  rec_init (&r);
  id = desk_bus_subscribe (bus, "*", rec_handler, &r, rec_destroy);
  g_assert_cmpuint (r.destroyed, ==, 0);
  desk_bus_unsubscribe (bus, id);
  desk_bus_unsubscribe (bus, id); /* a second time is harmless */
  g_assert_cmpuint (r.destroyed, ==, 1);
  desk_bus_free (g_steal_pointer (&bus));
  g_assert_cmpuint (r.destroyed, ==, 1);
  rec_clear (&r);
}

static void
test_destroy_notify_runs_once_when_bus_freed (void)
{
  DeskBus *bus = desk_bus_new (NULL);
  Rec a, b, self;

  rec_init (&a);
  rec_init (&b);
  rec_init (&self);
  desk_bus_subscribe (bus, "*", rec_handler, &a, rec_destroy);
  desk_bus_subscribe (bus, "call.*", rec_handler, &b, rec_destroy);
  /* One removed inside its handler just before the bus goes away. */
  self.bus = bus;
  self.on_topic = "x";
  self.unsubscribe_id =
      desk_bus_subscribe (bus, "*", rec_handler, &self, rec_destroy);
  desk_bus_publish (bus, "x", NULL);
  desk_bus_publish (bus, "call.queued", NULL); /* still queued at free */
  g_assert_cmpuint (a.destroyed + b.destroyed + self.destroyed, ==, 0);
  desk_bus_free (bus);
  g_assert_cmpuint (a.destroyed, ==, 1);
  g_assert_cmpuint (b.destroyed, ==, 1);
  g_assert_cmpuint (self.destroyed, ==, 1);
  g_assert_cmpuint (a.seen->len + b.seen->len, ==, 0);
  rec_clear (&a);
  rec_clear (&b);
  rec_clear (&self);
}

static void
test_handler_publishing_delivers_after_current_batch (void)
{
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  g_autofree char *log = NULL, *other_log = NULL;
  Rec r, other;

  rec_init (&r);
  rec_init (&other);
  r.bus = bus;
  r.on_topic = "a";
  r.publish = "caused-by-a";
  desk_bus_subscribe (bus, "*", rec_handler, &r, NULL);
  desk_bus_subscribe (bus, "*", rec_handler, &other, NULL);
  desk_bus_publish (bus, "a", NULL);
  desk_bus_publish (bus, "b", NULL);
  desk_bus_publish (bus, "c", NULL);
  /* Nothing delivered inside the handler's publish either: both
   * subscribers see "a" before "caused-by-a". */
  desk_bus_flush (bus);
  log = rec_log (&r);
  other_log = rec_log (&other);
  g_assert_cmpstr (log, ==,
                   "a {} | b {} | c {} | caused-by-a {}");
  g_assert_cmpstr (other_log, ==, log);
  rec_clear (&r);
  rec_clear (&other);
}

/* desk_bus_flush() from inside a handler must not overtake the events still
 * waiting in the batch being delivered. */
typedef struct {
  DeskBus *bus;
  GString *log;
} FlushInside;

static void
publish_and_flush_on_a (const char *topic, GVariant *payload, gpointer data)
{
  FlushInside *f = data;
  g_string_append_printf (f->log, "%s%s", f->log->len ? " " : "", topic);
  if (strcmp (topic, "a") == 0)
    {
      desk_bus_publish (f->bus, "caused-by-a", NULL);
      desk_bus_flush (f->bus);
    }
}

static void
test_flush_inside_handler_keeps_publication_order (void)
{
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  g_autoptr (GString) log = g_string_new (NULL);
  FlushInside f = { bus, log };

  desk_bus_subscribe (bus, "*", publish_and_flush_on_a, &f, NULL);
  desk_bus_publish (bus, "a", NULL);
  desk_bus_publish (bus, "b", NULL);
  desk_bus_flush (bus);
  /* "b" was published before "caused-by-a" (and was already queued when
   * the inner flush promised to deliver "every event queued so far"). */
  if (strcmp (log->str, "a b caused-by-a") != 0)
    g_test_fail_printf ("a handler that published and then called "
                        "desk_bus_flush() saw the events in the order \"%s\"; "
                        "publication order is \"a b caused-by-a\"",
                        log->str);
}

/* ------------------------------------------------------------------------
 * Threads
 * ------------------------------------------------------------------------ */

#define N_THREADS 4
#define N_PER_THREAD 10000

typedef struct {
  gint32 next[N_THREADS]; /* next expected sequence number per thread */
  guint total;
  GString *errors;
} ThreadCheck;

typedef struct {
  DeskBus *bus;
  gint32 thread;
} Publisher;

static gpointer
publisher_thread (gpointer data)
{
  Publisher *p = data;
  for (gint32 i = 0; i < N_PER_THREAD; i++)
    desk_bus_emit (p->bus, "load.tick", "thread", g_variant_new_int32 (p->thread),
                   "seq", g_variant_new_int32 (i), NULL);
  return NULL;
}

static void
check_thread_order (const char *topic, GVariant *payload, gpointer data)
{
  ThreadCheck *c = data;
  gint32 thread = -1, seq = -1;

  c->total++;
  if (!g_variant_lookup (payload, "thread", "i", &thread) ||
      !g_variant_lookup (payload, "seq", "i", &seq) || thread < 0 ||
      thread >= N_THREADS)
    {
      g_autofree char *text = g_variant_print (payload, FALSE);
      if (c->errors->len < 2000)
        g_string_append_printf (c->errors, "payload damaged: %s; ", text);
      return;
    }
  if (seq != c->next[thread] && c->errors->len < 2000)
    g_string_append_printf (c->errors,
                            "thread %d: got seq %d, expected %d (%s); ", thread,
                            seq, c->next[thread],
                            seq < c->next[thread] ? "duplicate or reordered"
                                                  : "lost or reordered");
  c->next[thread] = seq + 1;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_threads_keep_each_publishers_order (void)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (DeskBus) bus = desk_bus_new (context);
  g_autoptr (GSource) timeout = NULL;
  GThread *threads[N_THREADS];
  Publisher pubs[N_THREADS];
  ThreadCheck c = { .errors = g_string_new (NULL) };
  gboolean timed_out = FALSE;
  guint arrived;
  guint seconds = g_getenv ("DESKPHONE_UNDER_VALGRIND") ? 100 : 10;

  desk_bus_subscribe (bus, "load.*", check_thread_order, &c, NULL);
  timeout = g_timeout_source_new_seconds (seconds);
  g_source_set_callback (timeout, set_flag, &timed_out, NULL);
  g_source_attach (timeout, context);

  for (gint32 t = 0; t < N_THREADS; t++)
    {
      pubs[t] = (Publisher){ bus, t };
      threads[t] = g_thread_new ("publisher", publisher_thread, &pubs[t]);
    }
  while (c.total < N_THREADS * N_PER_THREAD && !timed_out)
    g_main_context_iteration (context, TRUE);
  arrived = c.total;
  for (gint32 t = 0; t < N_THREADS; t++)
    g_thread_join (threads[t]);
  g_source_destroy (timeout);
  /* Anything extra (duplicates) would be queued by now. */
  desk_bus_flush (bus);

  g_assert_cmpstr (c.errors->str, ==, "");
  if (timed_out)
    g_test_fail_printf ("iterating the bus's context delivered only %u of %u "
                        "events within %u s", arrived,
                        N_THREADS * N_PER_THREAD, seconds);
  g_assert_cmpuint (c.total, ==, N_THREADS * N_PER_THREAD);
  for (gint32 t = 0; t < N_THREADS; t++)
    g_assert_cmpint (c.next[t], ==, N_PER_THREAD);
  g_assert_cmpuint (desk_bus_get_delivered (bus), ==, N_THREADS * N_PER_THREAD);
  g_string_free (c.errors, TRUE);
}

/* ------------------------------------------------------------------------
 * emit, counter, contexts
 * ------------------------------------------------------------------------ */

static void
test_emit_builds_vardict_from_pairs (void)
{
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  g_autofree char *log = NULL;
  Rec r;

  rec_init (&r);
  desk_bus_subscribe (bus, "reg.state", rec_handler, &r, NULL);
  desk_bus_emit (bus, "reg.state", "line", g_variant_new_int32 (1), "state",
                 g_variant_new_string ("registered"), NULL);
  desk_bus_emit (bus, "reg.state", "line", g_variant_new_int32 (2), NULL);
  desk_bus_flush (bus);
  log = rec_log (&r);
  g_assert_cmpstr (log, ==,
                   "reg.state {'line': <1>, 'state': <'registered'>} | "
                   "reg.state {'line': <2>}");
  rec_clear (&r);
}

static void
test_delivered_counts_events_not_handler_calls (void)
{
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  Rec a, b;

  rec_init (&a);
  rec_init (&b);
  desk_bus_subscribe (bus, "*", rec_handler, &a, NULL);
  desk_bus_subscribe (bus, "*", rec_handler, &b, NULL);
  g_assert_cmpuint (desk_bus_get_delivered (bus), ==, 0);
  for (int i = 0; i < 3; i++)
    publish_n (bus, "tick", i);
  g_assert_cmpuint (desk_bus_get_delivered (bus), ==, 0); /* only queued */
  desk_bus_flush (bus);
  g_assert_cmpuint (desk_bus_get_delivered (bus), ==, 3);
  publish_n (bus, "tick", 3);
  desk_bus_flush (bus);
  g_assert_cmpuint (desk_bus_get_delivered (bus), ==, 4);
  g_assert_cmpuint (a.seen->len + b.seen->len, ==, 8);
  rec_clear (&a);
  rec_clear (&b);
}

static void
test_bus_on_own_context_delivers_only_there (void)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (DeskBus) bus = desk_bus_new (context);
  g_autofree char *log = NULL;
  Rec r;

  rec_init (&r);
  desk_bus_subscribe (bus, "*", rec_handler, &r, NULL);
  publish_n (bus, "own", 1);
  iterate_pending (NULL); /* the default context: not ours */
  g_assert_cmpuint (r.seen->len, ==, 0);
  iterate_pending (context);
  log = rec_log (&r);
  g_assert_cmpstr (log, ==, "own {'n': <1>}");
  rec_clear (&r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bus/deliver/never-inside-publish",
                   test_publish_never_delivers_inside_publish);
  g_test_add_func ("/bus/deliver/by-main-context-iteration",
                   test_iterating_main_context_delivers);
  g_test_add_func ("/bus/deliver/publication-order-and-payload",
                   test_delivery_keeps_publication_order_and_payload);
  g_test_add_func ("/bus/payload/null-is-empty-vardict",
                   test_null_payload_arrives_as_empty_vardict);
  g_test_add_func ("/bus/payload/floating-is-sunk-not-leaked",
                   test_floating_payload_is_sunk_not_leaked);
  g_test_add_func ("/bus/payload/non-floating-gets-own-reference",
                   test_non_floating_payload_gets_own_reference);
  g_test_add_func ("/bus/payload/publisher-keeps-its-reference",
                   test_publisher_keeps_its_reference);
  g_test_add_func ("/bus/payload/free-releases-undelivered",
                   test_free_releases_undelivered_payloads);
  g_test_add_func ("/bus/pattern/exact",
                   test_exact_pattern_matches_only_that_topic);
  g_test_add_func ("/bus/pattern/prefix-family-not-lookalikes",
                   test_prefix_pattern_matches_family_not_lookalikes);
  g_test_add_func ("/bus/pattern/star-everything",
                   test_star_pattern_matches_everything);
  g_test_add_func ("/bus/subscribe/distinct-nonzero-ids",
                   test_subscribe_returns_distinct_nonzero_ids);
  g_test_add_func ("/bus/subscribe/only-later-events",
                   test_subscriber_sees_only_events_published_after_subscribing);
  g_test_add_func ("/bus/subscribe/inside-handler-gets-next-not-current",
                   test_subscribe_inside_handler_gets_next_event_not_current);
  g_test_add_func ("/bus/subscribe/inside-handler-skips-queued-batch",
                   test_subscribe_inside_handler_skips_rest_of_queued_batch);
  g_test_add_func ("/bus/unsubscribe/drops-queued-events",
                   test_unsubscribe_drops_events_already_queued);
  g_test_add_func ("/bus/unsubscribe/self-inside-handler",
                   test_unsubscribe_self_inside_handler);
  g_test_add_func ("/bus/unsubscribe/later-subscriber-inside-handler",
                   test_unsubscribe_later_subscriber_inside_handler);
  g_test_add_func ("/bus/unsubscribe/earlier-subscriber-inside-handler",
                   test_unsubscribe_earlier_subscriber_inside_handler);
  g_test_add_func ("/bus/destroy-notify/once-on-unsubscribe",
                   test_destroy_notify_runs_once_on_unsubscribe);
  g_test_add_func ("/bus/destroy-notify/once-when-bus-freed",
                   test_destroy_notify_runs_once_when_bus_freed);
  g_test_add_func ("/bus/handler/publish-delivers-after-current-batch",
                   test_handler_publishing_delivers_after_current_batch);
  g_test_add_func ("/bus/threads/each-publishers-order-kept",
                   test_threads_keep_each_publishers_order);
  g_test_add_func ("/bus/emit/builds-vardict", test_emit_builds_vardict_from_pairs);
  g_test_add_func ("/bus/delivered/counts-events",
                   test_delivered_counts_events_not_handler_calls);
  g_test_add_func ("/bus/context/own-context-only",
                   test_bus_on_own_context_delivers_only_there);

  /* Re-entrant flush is the rarest use; registered last so that a failure
   * here, which stops the run, hides none of the tests above. */
  g_test_add_func ("/bus/reentrant/flush-inside-handler-keeps-order",
                   test_flush_inside_handler_keeps_publication_order);

  return g_test_run ();
}
