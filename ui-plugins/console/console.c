/* The console skin: the headless phone's face in a terminal.  For now it
 * announces the phone, and when standard input is a terminal it reads
 * commands: a key name presses that key on the input device, "q" quits.
 * The phone's screen model arrives with the phone application. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>

#include <deskphone/deskphone.h>

typedef struct {
  DeskPlugin *plugin;
  guint started_sub;
  GIOChannel *stdin_ch;
  guint stdin_watch;
} Console;

static void
on_started (const char *topic, GVariant *payload, gpointer data)
{
  Console *c = data;
  const char *profile = "?";
  g_autofree const char **plugins = NULL;
  g_autofree char *list = NULL;

  g_variant_lookup (payload, "profile", "&s", &profile);
  g_variant_lookup (payload, "plugins", "^a&s", &plugins);
  list = plugins ? g_strjoinv (", ", (char **) plugins) : g_strdup ("");
  printf ("deskphone ready: profile %s; plugins: %s\n", profile, list);
  if (c->stdin_ch)
    printf ("Type a key name (0-9, *, #, line1, soft1, ...) and Enter to press it; q quits.\n");
  fflush (stdout);
}

static void
handle_line (Console *c, const char *line)
{
  DeskRegistry *reg = desk_plugin_get_registry (c->plugin);
  const DeskProvider *keys;

  if (!*line)
    return;
  if (strcmp (line, "q") == 0 || strcmp (line, "quit") == 0)
    {
      desk_plugin_request_quit (c->plugin);
      return;
    }
  keys = desk_registry_lookup (reg, "input:keys", DESK_INPUT_IFACE_VERSION, NULL);
  if (keys && keys->iface)
    ((const DeskInputIface *) keys->iface)->press (keys->instance, line);
  else
    printf ("no keypad device is loaded\n");
}

static gboolean
on_stdin (GIOChannel *ch, GIOCondition cond, gpointer data)
{
  Console *c = data;
  g_autofree char *line = NULL;
  gsize term = 0;

  if (g_io_channel_read_line (ch, &line, NULL, &term, NULL) != G_IO_STATUS_NORMAL)
    {
      c->stdin_watch = 0;
      return G_SOURCE_REMOVE; /* EOF: keep running headless */
    }
  line[term] = '\0';
  handle_line (c, g_strstrip (line));
  return G_SOURCE_CONTINUE;
}

static gboolean
console_init (DeskPlugin *plugin, GError **error)
{
  Console *c = g_new0 (Console, 1);
  c->plugin = plugin;
  desk_plugin_set_data (plugin, c);
  return TRUE;
}

static gboolean
console_start (DeskPlugin *plugin, GError **error)
{
  Console *c = desk_plugin_get_data (plugin);
  c->started_sub = desk_bus_subscribe (desk_plugin_get_bus (plugin), "core.started",
                                       on_started, c, NULL);
  if (isatty (STDIN_FILENO))
    {
      c->stdin_ch = g_io_channel_unix_new (STDIN_FILENO);
      c->stdin_watch = g_io_add_watch (c->stdin_ch, G_IO_IN | G_IO_HUP, on_stdin, c);
    }
  return TRUE;
}

static void
console_stop (DeskPlugin *plugin)
{
  Console *c = desk_plugin_get_data (plugin);
  desk_bus_unsubscribe (desk_plugin_get_bus (plugin), c->started_sub);
  if (c->stdin_watch)
    g_source_remove (c->stdin_watch);
  c->stdin_watch = 0;
  g_clear_pointer (&c->stdin_ch, g_io_channel_unref);
}

static void
console_fini (DeskPlugin *plugin)
{
  g_free (desk_plugin_get_data (plugin));
}

static const DeskCapDecl provides[] = {
  { "ui:console", NULL, 1 },
  DESK_CAP_END,
};

static const DeskCapDecl wants[] = {
  { "input:keys", NULL, DESK_INPUT_IFACE_VERSION },
  DESK_CAP_END,
};

DESK_PLUGIN_DEFINE (
  .name = "console",
  .version = "0.1.0",
  .description = "Headless skin: the phone in a terminal",
  .kind = DESK_PLUGIN_KIND_UI,
  .provides = provides,
  .wants = wants,
  .init = console_init,
  .start = console_start,
  .stop = console_stop,
  .fini = console_fini);
