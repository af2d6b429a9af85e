/* The event bus: topics with GVariant payloads, published from any thread and
 * delivered in order on one GMainContext.
 *
 * Publishing only appends to a queue under a mutex and wakes the context; a
 * GSource on that context drains the queue.  Handlers therefore never run
 * inside desk_bus_publish() and never with the mutex held, so they may
 * publish, subscribe and unsubscribe freely.  Each event carries a sequence
 * number and each subscription the number it started at, which gives a clear
 * rule: a subscriber sees exactly the events published after it subscribed
 * and before it unsubscribed. */
#include <string.h>

#include <deskphone/bus.h>

typedef struct {
  char *topic;
  GVariant *payload;
  guint64 seq;
} Event;

typedef struct {
  guint id;
  char *pattern;
  gsize prefix_len; /* "call.*" -> 4 ("call"); 0 for exact */
  gboolean all;
  gboolean removed;
  guint64 since; /* first event seq this subscription may see */
  DeskBusHandler handler;
  gpointer user_data;
  GDestroyNotify destroy;
} Sub;

struct _DeskBus {
  GMutex lock;
  GQueue queue;      /* Event*, under lock */
  guint64 next_seq;  /* under lock */
  GMainContext *context;
  GSource *source;

  /* main-context only */
  GQueue batch;      /* Event*, being delivered */
  GPtrArray *subs;   /* Sub* */
  guint next_id;
  guint dispatching; /* depth */
  gboolean need_sweep;
  guint64 delivered;
};

typedef struct {
  GSource source;
  DeskBus *bus;
} BusSource;

static void
event_free (Event *ev)
{
  g_free (ev->topic);
  g_variant_unref (ev->payload);
  g_free (ev);
}

static void
sub_free (gpointer p)
{
  Sub *s = p;
  if (s->destroy)
    s->destroy (s->user_data);
  g_free (s->pattern);
  g_free (s);
}

static gboolean
sub_matches (const Sub *s, const char *topic)
{
  if (s->all)
    return TRUE;
  if (s->prefix_len)
    return strncmp (topic, s->pattern, s->prefix_len) == 0 &&
           (topic[s->prefix_len] == '\0' || topic[s->prefix_len] == '.');
  return strcmp (topic, s->pattern) == 0;
}

static void
sweep (DeskBus *bus)
{
  for (guint i = bus->subs->len; i > 0; i--)
    {
      Sub *s = g_ptr_array_index (bus->subs, i - 1);
      if (s->removed)
        g_ptr_array_remove_index (bus->subs, i - 1);
    }
  bus->need_sweep = FALSE;
}

static void
deliver (DeskBus *bus, Event *ev)
{
  /* Subscriptions added by a handler get later events only (since > seq),
   * so iterating up to the live length is safe. */
  for (guint i = 0; i < bus->subs->len; i++)
    {
      Sub *s = g_ptr_array_index (bus->subs, i);
      if (s->removed || s->since > ev->seq || !sub_matches (s, ev->topic))
        continue;
      s->handler (ev->topic, ev->payload, s->user_data);
    }
  bus->delivered++;
}

/* Delivers the events queued now; events they cause wait for the next round,
 * which keeps order and bounds one dispatch.  The batch lives in the bus, so
 * a handler that calls desk_bus_flush() continues this batch before taking
 * newer events, and order still holds. */
static void
drain (DeskBus *bus)
{
  Event *ev;

  if (bus->batch.length == 0)
    {
      g_mutex_lock (&bus->lock);
      bus->batch = bus->queue;
      g_queue_init (&bus->queue);
      g_mutex_unlock (&bus->lock);
    }
  bus->dispatching++;
  while ((ev = g_queue_pop_head (&bus->batch)))
    {
      deliver (bus, ev);
      event_free (ev);
    }
  bus->dispatching--;
  if (bus->dispatching == 0 && bus->need_sweep)
    sweep (bus);
}

static gboolean
queue_nonempty (DeskBus *bus)
{
  gboolean r;
  g_mutex_lock (&bus->lock);
  r = bus->queue.length > 0;
  g_mutex_unlock (&bus->lock);
  return r;
}

static gboolean
source_prepare (GSource *source, gint *timeout)
{
  *timeout = -1;
  return queue_nonempty (((BusSource *) source)->bus);
}

static gboolean
source_check (GSource *source)
{
  return queue_nonempty (((BusSource *) source)->bus);
}

static gboolean
source_dispatch (GSource *source, GSourceFunc cb, gpointer data)
{
  drain (((BusSource *) source)->bus);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs bus_source_funcs = {
  .prepare = source_prepare,
  .check = source_check,
  .dispatch = source_dispatch,
};

DeskBus *
desk_bus_new (GMainContext *context)
{
  DeskBus *bus = g_new0 (DeskBus, 1);
  g_mutex_init (&bus->lock);
  g_queue_init (&bus->queue);
  g_queue_init (&bus->batch);
  bus->context = context ? g_main_context_ref (context)
                         : g_main_context_ref (g_main_context_default ());
  bus->subs = g_ptr_array_new_with_free_func (sub_free);
  bus->next_id = 1;
  bus->source = g_source_new (&bus_source_funcs, sizeof (BusSource));
  ((BusSource *) bus->source)->bus = bus;
  g_source_set_name (bus->source, "deskphone bus");
  g_source_attach (bus->source, bus->context);
  return bus;
}

void
desk_bus_free (DeskBus *bus)
{
  Event *ev;
  if (!bus)
    return;
  g_source_destroy (bus->source);
  g_source_unref (bus->source);
  while ((ev = g_queue_pop_head (&bus->queue)))
    event_free (ev);
  while ((ev = g_queue_pop_head (&bus->batch)))
    event_free (ev);
  g_ptr_array_unref (bus->subs);
  g_main_context_unref (bus->context);
  g_mutex_clear (&bus->lock);
  g_free (bus);
}

void
desk_bus_publish (DeskBus *bus, const char *topic, GVariant *payload)
{
  Event *ev;
  gboolean wake;

  g_return_if_fail (bus && topic && *topic);
  ev = g_new0 (Event, 1);
  ev->topic = g_strdup (topic);
  ev->payload = payload ? g_variant_ref_sink (payload)
                        : g_variant_ref_sink (g_variant_new ("a{sv}", NULL));
  g_mutex_lock (&bus->lock);
  ev->seq = bus->next_seq++;
  g_queue_push_tail (&bus->queue, ev);
  /* Only the first event of a batch needs a wake-up: while the queue is not
   * empty the context already has one pending (prepare/check see it). */
  wake = bus->queue.length == 1;
  g_mutex_unlock (&bus->lock);
  if (wake)
    g_main_context_wakeup (bus->context);
}

void
desk_bus_emit (DeskBus *bus, const char *topic, const char *first_key, ...)
{
  GVariantBuilder b;
  va_list ap;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  va_start (ap, first_key);
  for (const char *key = first_key; key; key = va_arg (ap, const char *))
    g_variant_builder_add (&b, "{sv}", key, va_arg (ap, GVariant *));
  va_end (ap);
  desk_bus_publish (bus, topic, g_variant_builder_end (&b));
}

guint
desk_bus_subscribe (DeskBus *bus, const char *pattern, DeskBusHandler handler,
                    gpointer user_data, GDestroyNotify destroy)
{
  Sub *s;
  gsize n;

  g_return_val_if_fail (bus && pattern && *pattern && handler, 0);
  s = g_new0 (Sub, 1);
  s->id = bus->next_id++;
  s->pattern = g_strdup (pattern);
  n = strlen (pattern);
  if (strcmp (pattern, "*") == 0)
    s->all = TRUE;
  else if (n > 2 && pattern[n - 1] == '*' && pattern[n - 2] == '.')
    s->prefix_len = n - 2;
  s->handler = handler;
  s->user_data = user_data;
  s->destroy = destroy;
  g_mutex_lock (&bus->lock);
  s->since = bus->next_seq;
  g_mutex_unlock (&bus->lock);
  g_ptr_array_add (bus->subs, s);
  return s->id;
}

void
desk_bus_unsubscribe (DeskBus *bus, guint id)
{
  for (guint i = 0; i < bus->subs->len; i++)
    {
      Sub *s = g_ptr_array_index (bus->subs, i);
      if (s->id != id || s->removed)
        continue;
      s->removed = TRUE;
      if (bus->dispatching)
        bus->need_sweep = TRUE;
      else
        g_ptr_array_remove_index (bus->subs, i);
      return;
    }
}

void
desk_bus_flush (DeskBus *bus)
{
  while (queue_nonempty (bus))
    drain (bus);
}

guint64
desk_bus_get_delivered (DeskBus *bus)
{
  return bus->delivered;
}
