/* Helpers the plugin and core tests share: temporary directories, a phone
 * core that loads one plugin from the build, and the real executable's
 * --list-plugins. */
#pragma once

#include <deskphone/deskphone.h>

#include "core-private.h"

G_BEGIN_DECLS

/* Removes @path and everything under it. */
void desk_test_rm_rf (const char *path);

/* Writes @dir/test.conf, a profile that requires @plugin; returns its path. */
char *desk_test_write_profile (const char *dir, const char *plugin);

/* A phone core with one plugin loaded from a directory and initialised. */
typedef struct {
  DeskBus *bus;
  DeskConfig *config;
  DeskRegistry *registry;
  DeskLoader *loader;
  char *dir;
} DeskTestCore;

/* Loads @plugin from @plugin_dir into @core after setting each
 * "name", "value" pair of @settings (NULL-terminated, may be NULL) in the
 * SIPDefault layer.  Aborts the test with the loader's message on failure. */
void desk_test_core_start (DeskTestCore *core, const char *plugin_dir, const char *plugin,
                           const char *const *settings);
void desk_test_core_stop (DeskTestCore *core);

/* The iface of @capability, checked to come from @plugin. */
gconstpointer desk_test_core_lookup (DeskTestCore *core, const char *capability,
                                     guint version, const char *plugin);

/* Runs $DESKPHONE_EXE --list-plugins on a profile requiring @plugin from
 * @plugin_dir and fails the test unless the output names @so_name in
 * @plugin_dir and holds every string of @expect (NULL-terminated). */
void desk_test_assert_listed (const char *plugin_dir, const char *plugin, const char *so_name,
                              const char *const *expect);

G_END_DECLS
