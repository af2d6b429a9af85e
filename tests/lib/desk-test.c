#include "desk-test.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

void
desk_test_rm_rf (const char *path)
{
  g_autoptr (GDir) d = g_dir_open (path, 0, NULL);
  const char *n;

  while (d && (n = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (path, n, NULL);
      if (g_file_test (p, G_FILE_TEST_IS_DIR) && !g_file_test (p, G_FILE_TEST_IS_SYMLINK))
        desk_test_rm_rf (p);
      else
        g_unlink (p);
    }
  g_rmdir (path);
}

char *
desk_test_write_profile (const char *dir, const char *plugin)
{
  char *path = g_build_filename (dir, "test.conf", NULL);
  g_autofree char *text = g_strdup_printf ("[product]\nname=%s-test\n[plugins]\n%s=required\n",
                                           plugin, plugin);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

void
desk_test_core_start (DeskTestCore *core, const char *plugin_dir, const char *plugin,
                      const char *const *settings)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskProfile) profile = NULL;
  g_autofree char *path = NULL;
  const char *const no_dirs[] = { NULL };

  if (!plugin_dir)
    g_error ("no plugin directory for %s (run the test through meson test)", plugin);
  memset (core, 0, sizeof *core);
  core->dir = g_dir_make_tmp ("deskphone-test-XXXXXX", &error);
  g_assert_no_error (error);
  path = desk_test_write_profile (core->dir, plugin);
  core->bus = desk_bus_new (NULL);
  core->config = desk_config_new (core->bus);
  for (guint i = 0; settings && settings[i]; i += 2)
    if (!desk_config_set (core->config, DESK_CONFIG_LAYER_SIPDEFAULT, settings[i],
                          settings[i + 1], &error))
      g_error ("setting %s: %s", settings[i], error->message);
  core->registry = desk_registry_new ();
  core->loader = desk_loader_new (core->bus, core->registry, core->config);
  desk_loader_add_dir (core->loader, plugin_dir);
  desk_loader_scan (core->loader);
  profile = desk_profile_load (path, no_dirs, &error);
  g_assert_no_error (error);
  if (!desk_loader_resolve (core->loader, profile, &error) ||
      !desk_loader_init_all (core->loader, &error))
    g_error ("%s from %s does not load: %s", plugin, plugin_dir, error->message);
}

void
desk_test_core_stop (DeskTestCore *core)
{
  desk_loader_fini_all (core->loader);
  desk_loader_free (core->loader);
  desk_registry_free (core->registry);
  desk_config_free (core->config);
  desk_bus_free (core->bus);
  desk_test_rm_rf (core->dir);
  g_free (core->dir);
}

gconstpointer
desk_test_core_lookup (DeskTestCore *core, const char *capability, guint version,
                       const char *plugin)
{
  g_autoptr (GError) error = NULL;
  const DeskProvider *p = desk_registry_lookup (core->registry, capability, version, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (p->plugin, ==, plugin);
  g_assert_nonnull (p->iface);
  return p->iface;
}

void
desk_test_assert_listed (const char *plugin_dir, const char *plugin, const char *so_name,
                         const char *const *expect)
{
  const char *exe = g_getenv ("DESKPHONE_EXE");
  const char *build_root = g_getenv ("DESKPHONE_BUILD_ROOT");
  g_autofree char *dir = g_dir_make_tmp ("deskphone-test-XXXXXX", NULL);
  g_autofree char *profile = NULL, *state = NULL, *cfg = NULL, *so = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (GSubprocess) p = NULL;
  g_autoptr (GError) error = NULL;
  gboolean from_build;

  if (!exe || !plugin_dir)
    g_error ("DESKPHONE_EXE or the plugin directory is not set (run through meson test)");
  g_assert_nonnull (dir);
  profile = desk_test_write_profile (dir, plugin);
  state = g_strconcat ("--state-dir=", dir, "/state", NULL);
  cfg = g_strconcat ("--config-dir=", dir, "/cfg", NULL);
  /* A deskphone run from its build tree already searches the build's
   * plugin directories, this one included, and the loader refuses a
   * plugin it finds twice; so --plugin-path only for another deskphone. */
  from_build = build_root && g_str_has_prefix (exe, build_root);
  p = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                        "timeout", "-s", "KILL", "30", exe, "--list-plugins",
                        "--profile", profile, state, cfg, "--mac=001646C0FFEE",
                        from_build ? NULL : "--plugin-path", plugin_dir, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (p, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  desk_test_rm_rf (dir);

  if (!g_subprocess_get_if_exited (p) || g_subprocess_get_exit_status (p) != 0)
    g_error ("deskphone --list-plugins failed (status %d):\n%s\n%s",
             g_subprocess_get_status (p), out, err);
  for (guint i = 0; expect[i]; i++)
    if (!strstr (out, expect[i]))
      g_test_fail_printf ("deskphone --list-plugins does not show '%s':\n%s", expect[i], out);
  so = g_build_filename (plugin_dir, so_name, NULL);
  if (!strstr (out, so))
    g_test_fail_printf ("deskphone --list-plugins did not load the plugin just built (%s):\n%s",
                        so, out);
}
