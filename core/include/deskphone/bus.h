/* deskphone event bus.
 *
 * An event is a dotted topic ("call.state") and a GVariant payload (by
 * convention a{sv}).  Events may be published from any thread; they are
 * delivered on the bus's GMainContext, in publication order, never from
 * inside desk_bus_publish().  No core lock is held while a handler runs, so a
 * handler may publish, subscribe and unsubscribe (itself or others) freely.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _DeskBus DeskBus;

/* @topic and @payload are valid only during the call. */
typedef void (*DeskBusHandler) (const char *topic, GVariant *payload,
                                gpointer user_data);

/* Creates a bus that delivers on @context (NULL: the global default).
 * Returns: (transfer full). */
DeskBus *desk_bus_new (GMainContext *context);
void desk_bus_free (DeskBus *bus);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskBus, desk_bus_free)

/* Queues an event.  Any thread.  @payload: floating references are sunk;
 * the bus takes a reference (NULL means an empty a{sv}). */
void desk_bus_publish (DeskBus *bus, const char *topic, GVariant *payload);

/* Convenience: publishes an a{sv} built from NULL-terminated key/value
 * pairs: desk_bus_emit (bus, "reg.state", "line", g_variant_new_int32 (1),
 * "state", g_variant_new_string ("registered"), NULL). */
void desk_bus_emit (DeskBus *bus, const char *topic, const char *first_key,
                    ...) G_GNUC_NULL_TERMINATED;

/* Subscribes @handler to @pattern: an exact topic ("call.state"), a prefix
 * ending in ".*" ("call.*" matches "call" and every "call.X..."), or "*" for
 * everything.  Main-context thread only.  Returns a non-zero id.
 * @destroy is called on @user_data when the subscription goes away. */
guint desk_bus_subscribe (DeskBus *bus, const char *pattern,
                          DeskBusHandler handler, gpointer user_data,
                          GDestroyNotify destroy);

/* Safe from inside any handler, including the one being removed: a removed
 * subscription receives nothing more, not even events already queued. */
void desk_bus_unsubscribe (DeskBus *bus, guint id);

/* Delivers every event queued so far, then returns (tests, shutdown). */
void desk_bus_flush (DeskBus *bus);

/* Counts events delivered since creation (for --trace-bus and benches). */
guint64 desk_bus_get_delivered (DeskBus *bus);

G_END_DECLS
