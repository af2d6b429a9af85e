/* The SIP plugin: provides "signalling:sip" (DeskSignallingIface) to the
 * phone application and runs the user agent on the main loop. */
#include "call.h"
#include "ua-private.h"

static const char *
iface_line_state (gpointer instance, guint line)
{
  return sip_ua_line_state (instance, line);
}

static gboolean
iface_set_registered (gpointer instance, guint line, gboolean on, GError **error)
{
  return sip_ua_set_registered (instance, line, on, error);
}

static SipCall *
find (gpointer instance, const char *id, GError **error)
{
  SipCall *c = sip_call_find (instance, id);
  if (!c)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no call '%s'", id);
  return c;
}

static char *
iface_dial (gpointer instance, guint line, const char *target, GError **error)
{
  SipCall *c = sip_call_dial (instance, line, target, error);
  return c ? g_strdup (sip_call_id (c)) : NULL;
}

static gboolean
iface_answer (gpointer instance, const char *id, GError **error)
{
  SipCall *c = find (instance, id, error);
  return c && sip_call_answer (c, error);
}

static gboolean
iface_hangup (gpointer instance, const char *id, GError **error)
{
  SipCall *c = find (instance, id, error);
  return c && sip_call_hangup (c, error);
}

static gboolean
iface_hold (gpointer instance, const char *id, gboolean hold, GError **error)
{
  SipCall *c = find (instance, id, error);
  return c && sip_call_hold (c, hold, error);
}

static const char *
iface_call_state (gpointer instance, const char *id)
{
  SipCall *c = sip_call_find (instance, id);
  return c ? sip_call_state (c) : NULL;
}

static GStrv
iface_list_calls (gpointer instance)
{
  g_autoptr (GPtrArray) all = sip_call_list (instance);
  GStrvBuilder *b = g_strv_builder_new ();
  GStrv out;
  for (guint i = 0; i < all->len; i++)
    g_strv_builder_add (b, sip_call_id (g_ptr_array_index (all, i)));
  out = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return out;
}

static gboolean
iface_transfer (gpointer instance, const char *id, const char *target, GError **error)
{
  SipCall *c = find (instance, id, error);
  return c && sip_call_transfer (c, target, error);
}

static gboolean
iface_transfer_attended (gpointer instance, const char *id, const char *other_id, GError **error)
{
  SipCall *c = find (instance, id, error);
  SipCall *o = c ? find (instance, other_id, error) : NULL;
  return o && sip_call_transfer_attended (c, o, error);
}

static const DeskSignallingIface iface = {
  .version = DESK_SIGNALLING_IFACE_VERSION,
  .line_state = iface_line_state,
  .set_registered = iface_set_registered,
  .dial = iface_dial,
  .answer = iface_answer,
  .hangup = iface_hangup,
  .hold = iface_hold,
  .call_state = iface_call_state,
  .list_calls = iface_list_calls,
  .transfer = iface_transfer,
  .transfer_attended = iface_transfer_attended,
};

static gboolean
sip_init (DeskPlugin *plugin, GError **error)
{
  SipUa *ua = sip_ua_new (desk_plugin_get_config (plugin), desk_plugin_get_bus (plugin),
                          desk_plugin_get_registry (plugin), error);
  if (!ua)
    return FALSE;
  desk_plugin_set_data (plugin, ua);
  return desk_plugin_provide (plugin, "signalling:sip", &iface, ua, error);
}

static gboolean
sip_start (DeskPlugin *plugin, GError **error)
{
  sip_ua_start (desk_plugin_get_data (plugin));
  return TRUE;
}

static void
sip_stop (DeskPlugin *plugin)
{
  sip_ua_stop (desk_plugin_get_data (plugin), 2000);
}

static void
sip_fini (DeskPlugin *plugin)
{
  sip_ua_free (desk_plugin_get_data (plugin));
}

static const DeskCapDecl provides[] = {
  { "signalling:sip", "transports=udp,tcp", DESK_SIGNALLING_IFACE_VERSION },
  DESK_CAP_END,
};

/* Codecs are what the calls can offer; without any, calls are refused
 * with a clear reason, but registration still works. */
static const DeskCapDecl wants[] = {
  { "codec:*", NULL, DESK_CODEC_IFACE_VERSION },
  DESK_CAP_END,
};

DESK_PLUGIN_DEFINE (
  .name = "sip",
  .version = "0.1.0",
  .description = "SIP user agent (RFC 3261): registration, transactions, digest auth",
  .kind = DESK_PLUGIN_KIND_SIGNALLING,
  .provides = provides,
  .wants = wants,
  .init = sip_init,
  .start = sip_start,
  .stop = sip_stop,
  .fini = sip_fini);
