/* The SIP plugin: provides "signalling:sip" (DeskSignallingIface) to the
 * phone application and runs the user agent on the main loop. */
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

static const DeskSignallingIface iface = {
  .version = DESK_SIGNALLING_IFACE_VERSION,
  .line_state = iface_line_state,
  .set_registered = iface_set_registered,
};

static gboolean
sip_init (DeskPlugin *plugin, GError **error)
{
  SipUa *ua = sip_ua_new (desk_plugin_get_config (plugin), desk_plugin_get_bus (plugin), error);
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

DESK_PLUGIN_DEFINE (
  .name = "sip",
  .version = "0.1.0",
  .description = "SIP user agent (RFC 3261): registration, transactions, digest auth",
  .kind = DESK_PLUGIN_KIND_SIGNALLING,
  .provides = provides,
  .init = sip_init,
  .start = sip_start,
  .stop = sip_stop,
  .fini = sip_fini);
