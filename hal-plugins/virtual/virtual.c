/* The virtual HAL: hardware for a phone that has none.  It stands in for the
 * keypad and hook switch (scripted keys: tests and scripts press keys through
 * its DeskInputIface) and, with the media path, for the audio devices (tone,
 * silence and WAV sources, WAV recorder and null sink). */
#include <deskphone/deskphone.h>

typedef struct {
  DeskPlugin *plugin;
  gboolean offhook;
} Virtual;

static void
press (gpointer instance, const char *key)
{
  Virtual *v = instance;
  desk_bus_emit (desk_plugin_get_bus (v->plugin), "key.press",
                 "key", g_variant_new_string (key),
                 "source", g_variant_new_string ("virtual"), NULL);
}

static void
set_hook (gpointer instance, gboolean offhook)
{
  Virtual *v = instance;
  if (v->offhook == offhook)
    return;
  v->offhook = offhook;
  desk_bus_emit (desk_plugin_get_bus (v->plugin),
                 offhook ? "hook.offhook" : "hook.onhook",
                 "source", g_variant_new_string ("virtual"), NULL);
}

static const DeskInputIface input_iface = {
  .version = DESK_INPUT_IFACE_VERSION,
  .press = press,
  .set_hook = set_hook,
};

static gboolean
virtual_init (DeskPlugin *plugin, GError **error)
{
  Virtual *v = g_new0 (Virtual, 1);
  v->plugin = plugin;
  desk_plugin_set_data (plugin, v);
  return desk_plugin_provide (plugin, "input:keys", &input_iface, v, error) &&
         desk_plugin_provide (plugin, "input:hook", &input_iface, v, error);
}

static void
virtual_fini (DeskPlugin *plugin)
{
  g_free (desk_plugin_get_data (plugin));
}

static const DeskCapDecl provides[] = {
  { "input:keys", "keys=keypad,line,soft,nav,feature", DESK_INPUT_IFACE_VERSION },
  { "input:hook", NULL, DESK_INPUT_IFACE_VERSION },
  DESK_CAP_END,
};

DESK_PLUGIN_DEFINE (
  .name = "virtual",
  .version = "0.1.0",
  .description = "Virtual hardware: scripted keys and hook switch",
  .kind = DESK_PLUGIN_KIND_HAL,
  .provides = provides,
  .init = virtual_init,
  .fini = virtual_fini);
