/* deskphone: the phone process.  Reads the command line (INTERFACE.md),
 * loads the product profile and the configuration layers, then hands over to
 * the plugin loader and runs the main loop until SIGINT/SIGTERM.
 *
 * Exit status: 0 after a clean shutdown, 2 for a configuration or profile
 * error (one paragraph on stderr), 1 for anything else. */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib-unix.h>

#include "cli.h"

#define EXIT_CONFIG 2

typedef struct {
  char *profile;
  char *config_dir;
  char *state_dir;
  char **plugin_path;
  char *control_socket;
  char *mac;
  char *tftp_server;
  gboolean list_plugins, check, config_dump, config_reference, trace_bus, demo,
      version;
} Options;

typedef struct {
  Options opt;
  DeskBus *bus;
  DeskRegistry *registry;
  DeskConfig *config;
  DeskLoader *loader;
  DeskProfile *profile;
  GMainLoop *loop;
  char *mac;
} App;

static int
die (int status, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

/* One readable paragraph on stderr. */
static int
die (int status, const char *fmt, ...)
{
  va_list ap;
  g_autofree char *msg = NULL;
  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, "deskphone: %s\n", msg);
  return status;
}

static gboolean
parse_options (Options *o, int *argc, char ***argv, GError **error)
{
  GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &o->profile, "Product profile: a name from config/products/ or a file (default: headless)", "NAME|FILE" },
    { "config-dir", 0, 0, G_OPTION_ARG_FILENAME, &o->config_dir, "Where SIPDefault.cnf and SIP<MAC>.cnf are read", "DIR" },
    { "state-dir", 0, 0, G_OPTION_ARG_FILENAME, &o->state_dir, "Where the phone keeps what it writes (default $XDG_STATE_HOME/deskphone)", "DIR" },
    { "plugin-path", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->plugin_path, "Extra plugin directory (repeatable; searched first)", "DIR" },
    { "control-socket", 0, 0, G_OPTION_ARG_FILENAME, &o->control_socket, "JSON-lines control socket path", "PATH" },
    { "mac", 0, 0, G_OPTION_ARG_STRING, &o->mac, "MAC address naming SIP<MAC>.cnf", "HEX12" },
    { "tftp-server", 0, 0, G_OPTION_ARG_STRING, &o->tftp_server, "TFTP server, as if given by DHCP option 150", "HOST[:PORT]" },
    { "list-plugins", 0, 0, G_OPTION_ARG_NONE, &o->list_plugins, "Show the resolved plugin graph and exit", NULL },
    { "check", 0, 0, G_OPTION_ARG_NONE, &o->check, "Validate the profile and configuration, then exit", NULL },
    { "config-dump", 0, 0, G_OPTION_ARG_NONE, &o->config_dump, "Print the effective configuration and exit", NULL },
    { "config-reference", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &o->config_reference, "Print docs/config-reference.md from the schema", NULL },
    { "trace-bus", 0, 0, G_OPTION_ARG_NONE, &o->trace_bus, "Print every bus event on stderr", NULL },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &o->demo, "Two phones on loopback call each other", NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &o->version, "Print the version and exit", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- open SIP desk phone");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_summary (ctx, "Runs a deskphone product profile: a set of plugins around the core bus.");
  return g_option_context_parse (ctx, argc, argv, error);
}

static gboolean
from_build_tree (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  return exe && g_str_has_prefix (exe, DESK_BUILD_ROOT "/");
}

static void
add_path_list (GPtrArray *out, const char *list)
{
  g_auto (GStrv) parts = list ? g_strsplit (list, ":", -1) : NULL;
  for (int i = 0; parts && parts[i]; i++)
    if (*parts[i])
      g_ptr_array_add (out, g_strdup (parts[i]));
}

static GPtrArray *
profile_dirs (void)
{
  GPtrArray *dirs = g_ptr_array_new_with_free_func (g_free);
  add_path_list (dirs, g_getenv ("DESKPHONE_PROFILE_PATH"));
  g_ptr_array_add (dirs, g_strdup (from_build_tree () ? DESK_SOURCE_ROOT "/config/products"
                                                      : DESK_PROFILE_DIR));
  g_ptr_array_add (dirs, NULL);
  return dirs;
}

static char *
normalise_mac (const char *text, GError **error)
{
  g_autoptr (GString) hex = g_string_new (NULL);
  for (const char *p = text; *p; p++)
    {
      if (*p == ':' || *p == '-' || *p == '.')
        continue;
      if (!g_ascii_isxdigit (*p))
        break;
      g_string_append_c (hex, g_ascii_toupper (*p));
    }
  if (hex->len != 12 || strlen (text) > 17)
    {
      g_set_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_INVALID,
                   "--mac '%s' is not a MAC address (12 hex digits, e.g. 001646C0FFEE)", text);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&hex), FALSE);
}

/* The MAC of the first non-loopback interface, as the 7960 names its file. */
static char *
detect_mac (void)
{
  g_autoptr (GDir) d = g_dir_open ("/sys/class/net", 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *n;
  while (d && (n = g_dir_read_name (d)))
    if (strcmp (n, "lo") != 0)
      g_ptr_array_add (names, g_strdup (n));
  g_ptr_array_sort (names, desk_strp_cmp);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename ("/sys/class/net", g_ptr_array_index (names, i), "address", NULL);
      g_autofree char *text = NULL;
      char *mac;
      if (!g_file_get_contents (path, &text, NULL, NULL))
        continue;
      mac = normalise_mac (g_strstrip (text), NULL);
      if (mac && strcmp (mac, "000000000000") != 0)
        return mac;
      g_free (mac);
    }
  return g_strdup ("000000000000");
}

static void
log_warnings (const char *const *warnings)
{
  for (int i = 0; warnings && warnings[i]; i++)
    g_warning ("%s", warnings[i]);
}

/* Loads one configuration file into its layer; a bad file is reported and
 * the phone keeps what it had (defaults at boot). */
static gboolean
load_layer (App *app, DeskConfigLayer layer, const char *path)
{
  g_autoptr (GError) error = NULL;
  if (!desk_config_load_file (app->config, layer, path, &error))
    {
      if (app->opt.check)
        fprintf (stderr, "deskphone: configuration file rejected: %s\n", error->message);
      else
        g_warning ("configuration file rejected, previous values stay in force: %s",
                   error->message);
      return FALSE;
    }
  log_warnings (desk_config_get_warnings (app->config));
  return TRUE;
}

static gboolean
load_embedded_default (App *app)
{
  g_autoptr (GBytes) b = g_resources_lookup_data ("/org/deskphone/core/defaults/SIPDefault.cnf",
                                                  G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr (GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (b, &len);
  if (!desk_config_load_data (app->config, DESK_CONFIG_LAYER_SIPDEFAULT,
                              "embedded:SIPDefault.cnf", data, len, &error))
    {
      g_critical ("the embedded SIPDefault.cnf is invalid: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_config (App *app, GError **error)
{
  gboolean ok = TRUE;
  g_autofree char *state = NULL, *local = NULL;

  for (guint i = 0; i + 1 < app->profile->defaults->len; i += 2)
    {
      const char *name = g_ptr_array_index (app->profile->defaults, i);
      const char *value = g_ptr_array_index (app->profile->defaults, i + 1);
      if (!desk_config_set (app->config, DESK_CONFIG_LAYER_PRODUCT, name, value, error))
        {
          g_prefix_error (error, "profile %s, [defaults]: ", app->profile->origin);
          return FALSE;
        }
    }
  if (app->opt.config_dir)
    {
      g_autofree char *def = g_build_filename (app->opt.config_dir, "SIPDefault.cnf", NULL);
      g_autofree char *dev_name = g_strdup_printf ("SIP%s.cnf", app->mac);
      g_autofree char *dev = g_build_filename (app->opt.config_dir, dev_name, NULL);
      ok &= load_layer (app, DESK_CONFIG_LAYER_SIPDEFAULT, def);
      ok &= load_layer (app, DESK_CONFIG_LAYER_DEVICE, dev);
    }
  else
    ok &= load_embedded_default (app);

  state = app->opt.state_dir ? g_strdup (app->opt.state_dir)
                             : g_build_filename (g_get_user_state_dir (), "deskphone", NULL);
  local = g_build_filename (state, "local.cnf", NULL);
  {
    g_autoptr (GError) lerr = NULL;
    if (!desk_config_set_local_path (app->config, local, &lerr))
      {
        if (app->opt.check)
          fprintf (stderr, "deskphone: %s\n", lerr->message);
        else
          g_warning ("%s", lerr->message);
        ok = FALSE;
      }
  }
  if (!ok && app->opt.check)
    {
      g_set_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_INVALID,
                   "the configuration has errors (see above)");
      return FALSE;
    }
  return TRUE;
}

static void
trace_event (const char *topic, GVariant *payload, gpointer data)
{
  g_autofree char *text = g_variant_print (payload, FALSE);
  fprintf (stderr, "bus: %s %s\n", topic, text);
}

static gboolean
on_quit (gpointer data)
{
  App *app = data;
  g_main_loop_quit (app->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
on_signal (gpointer data)
{
  App *app = data;
  g_info ("signal received: shutting down");
  g_main_loop_quit (app->loop);
  return G_SOURCE_CONTINUE;
}

static void
setup_loader (App *app)
{
  g_autoptr (GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; app->opt.plugin_path && app->opt.plugin_path[i]; i++)
    g_ptr_array_add (dirs, g_strdup (app->opt.plugin_path[i]));
  add_path_list (dirs, g_getenv ("DESKPHONE_PLUGIN_PATH"));
  if (from_build_tree ())
    add_path_list (dirs, DESK_BUILD_PLUGIN_DIRS);
  else
    g_ptr_array_add (dirs, g_strdup (DESK_PLUGIN_DIR));
  for (guint i = 0; i < dirs->len; i++)
    desk_loader_add_dir (app->loader, g_ptr_array_index (dirs, i));
  desk_loader_set_quit_func (app->loader, on_quit, app);
  desk_loader_scan (app->loader);
}

static int
run (App *app)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) running = NULL;

  if (!desk_loader_init_all (app->loader, &error) ||
      !desk_loader_start_all (app->loader, &error))
    {
      desk_loader_fini_all (app->loader);
      return die (EXIT_CONFIG, "cannot start profile '%s': %s", app->profile->name,
                  error->message);
    }
  log_warnings (desk_loader_get_warnings (app->loader));
  running = desk_loader_list_running (app->loader);
  desk_bus_emit (app->bus, "core.started",
                 "profile", g_variant_new_string (app->profile->name),
                 "plugins", g_variant_new_strv ((const char *const *) running, -1), NULL);
  g_unix_signal_add (SIGINT, on_signal, app);
  g_unix_signal_add (SIGTERM, on_signal, app);
  g_main_loop_run (app->loop);

  desk_loader_stop_all (app->loader);
  desk_bus_publish (app->bus, "core.stopping", NULL);
  desk_bus_flush (app->bus);
  desk_loader_fini_all (app->loader);
  desk_bus_flush (app->bus);
  return 0;
}

static void
app_clear (App *app)
{
  g_clear_pointer (&app->loader, desk_loader_free);
  g_clear_pointer (&app->profile, desk_profile_free);
  g_clear_pointer (&app->config, desk_config_free);
  g_clear_pointer (&app->registry, desk_registry_free);
  g_clear_pointer (&app->bus, desk_bus_free);
  g_clear_pointer (&app->loop, g_main_loop_unref);
  g_free (app->mac);
  g_free (app->opt.profile);
  g_free (app->opt.config_dir);
  g_free (app->opt.state_dir);
  g_strfreev (app->opt.plugin_path);
  g_free (app->opt.control_socket);
  g_free (app->opt.mac);
  g_free (app->opt.tftp_server);
}

static int
app_main (App *app, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) pdirs = NULL;

  if (!parse_options (&app->opt, &argc, &argv, &error))
    return die (EXIT_CONFIG, "%s (see deskphone --help)", error->message);
  if (app->opt.version)
    {
      printf ("deskphone %s (plugin ABI %d)\n", DESK_VERSION, DESK_PLUGIN_ABI_VERSION);
      return 0;
    }
  if (app->opt.config_reference)
    return desk_cli_print_config_reference (stdout);
  if (app->opt.demo)
    return die (1, "--demo needs the phone application, the SIP stack and the media path, "
                   "which this build does not have yet");

  app->mac = app->opt.mac ? normalise_mac (app->opt.mac, &error) : detect_mac ();
  if (!app->mac)
    return die (EXIT_CONFIG, "%s", error->message);
  app->loop = g_main_loop_new (NULL, FALSE);
  app->bus = desk_bus_new (NULL);
  if (app->opt.trace_bus)
    desk_bus_subscribe (app->bus, "*", trace_event, NULL, NULL);
  app->registry = desk_registry_new ();
  app->config = desk_config_new (app->bus);
  pdirs = profile_dirs ();
  app->profile = desk_profile_load (app->opt.profile ? app->opt.profile : "headless",
                                    (const char *const *) pdirs->pdata, &error);
  if (!app->profile)
    return die (EXIT_CONFIG, "%s", error->message);
  if (!load_config (app, &error))
    return die (EXIT_CONFIG, "%s", error->message);
  if (app->opt.config_dump)
    return desk_cli_print_config (app->config, stdout);

  app->loader = desk_loader_new (app->bus, app->registry, app->config);
  setup_loader (app);
  if (!desk_loader_resolve (app->loader, app->profile, &error))
    return die (EXIT_CONFIG, "cannot start profile '%s': %s", app->profile->name,
                error->message);
  if (app->opt.list_plugins || app->opt.check)
    {
      g_autofree char *text = desk_loader_describe (app->loader);
      const char *const *w = desk_loader_get_warnings (app->loader);
      fputs (text, stdout);
      for (int i = 0; w[i]; i++)
        printf ("warning: %s\n", w[i]);
      if (app->opt.check)
        printf ("profile '%s' is valid: %s\n", app->profile->name, app->profile->origin);
      return 0;
    }
  return run (app);
}

int
main (int argc, char **argv)
{
  App app = { 0 };
  int status;

  setlocale (LC_ALL, "");
  status = app_main (&app, argc, argv);
  app_clear (&app);
  return status;
}
