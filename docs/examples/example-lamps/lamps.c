/* example-lamps: a complete deskphone HAL plugin, built out of tree.
 *
 * It drives the phone's lamps (the six line-key LEDs and the message-waiting
 * lamp) on a made-up board whose LEDs are written as text lines
 * "<lamp> <state>" to a device file.  Real hardware would write to
 * /sys/class/leds/<name>/brightness or an I2C expander instead; the shape is
 * the same: provide a capability, subscribe to the phone's events, publish
 * what the hardware does.
 *
 * Build:  cc -shared -fPIC -o dp_example_lamps.so lamps.c \
 *            $(pkg-config --cflags --libs deskphone-plugin)
 * Run:    deskphone --plugin-path . --profile my-product.conf
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <deskphone/deskphone.h>

typedef struct {
  DeskPlugin *plugin;
  FILE *device;
  guint lamp_sub;
} Lamps;

static const char *const lamp_names[] = {
  "line1", "line2", "line3", "line4", "line5", "line6", "message",
};

static void
write_lamp (Lamps *l, const char *lamp, const char *state)
{
  fprintf (l->device, "%s %s\n", lamp, state);
  fflush (l->device);
}

static void
all_off (Lamps *l)
{
  for (guint i = 0; i < G_N_ELEMENTS (lamp_names); i++)
    write_lamp (l, lamp_names[i], "off");
}

/* "lamp.set" {"lamp": s, "state": s} comes from the phone application. */
static void
on_lamp_set (const char *topic G_GNUC_UNUSED, GVariant *payload, gpointer data)
{
  Lamps *l = data;
  const char *lamp = NULL, *state = NULL;

  if (!g_variant_lookup (payload, "lamp", "&s", &lamp) ||
      !g_variant_lookup (payload, "state", "&s", &state))
    {
      DESK_LOG (l->plugin, G_LOG_LEVEL_WARNING, "lamp.set without lamp/state ignored");
      return;
    }
  write_lamp (l, lamp, state);
}

static gboolean
lamps_init (DeskPlugin *plugin, GError **error)
{
  const char *path = g_getenv ("EXAMPLE_LAMPS_DEVICE");
  Lamps *l;
  FILE *dev;

  if (!path)
    path = "/dev/null";
  dev = fopen (path, "a");
  if (!dev)
    {
      /* A GError from init names the device: the loader prints it. */
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "cannot open lamp device %s: %s", path, g_strerror (errno));
      return FALSE;
    }
  l = g_new0 (Lamps, 1);
  l->plugin = plugin;
  l->device = dev;
  desk_plugin_set_data (plugin, l);
  /* No function table: lamps are driven by bus events.  The loader
   * registers the declared capability for us. */
  return TRUE;
}

static gboolean
lamps_start (DeskPlugin *plugin, GError **error G_GNUC_UNUSED)
{
  Lamps *l = desk_plugin_get_data (plugin);
  all_off (l); /* known state before the phone drives them */
  l->lamp_sub = desk_bus_subscribe (desk_plugin_get_bus (plugin), "lamp.set",
                                    on_lamp_set, l, NULL);
  DESK_LOG (plugin, G_LOG_LEVEL_MESSAGE, "example lamps ready on %u lamps",
            (guint) G_N_ELEMENTS (lamp_names));
  return TRUE;
}

static void
lamps_stop (DeskPlugin *plugin)
{
  Lamps *l = desk_plugin_get_data (plugin);
  desk_bus_unsubscribe (desk_plugin_get_bus (plugin), l->lamp_sub);
  all_off (l);
}

static void
lamps_fini (DeskPlugin *plugin)
{
  Lamps *l = desk_plugin_get_data (plugin);
  fclose (l->device);
  g_free (l);
}

static const DeskCapDecl provides[] = {
  { "output:lamps", "lamps=line1,line2,line3,line4,line5,line6,message", 1 },
  DESK_CAP_END,
};

DESK_PLUGIN_DEFINE (
  .name = "example-lamps",
  .version = "1.0.0",
  .description = "Example vendor HAL: line and message lamps on a LED device file",
  .kind = DESK_PLUGIN_KIND_HAL,
  .provides = provides,
  .init = lamps_init,
  .start = lamps_start,
  .stop = lamps_stop,
  .fini = lamps_fini);
