/* One source, many test plugins: each build of this file (see meson.build)
 * defines TP_NAME and the TP_* behaviour macros, so every loader failure has
 * a small real plugin that produces it.  When TP_RECORD_FILE is set in the
 * environment, each hook appends "hook name" to it, which lets the tests
 * check ordering across plugins. */
#include <stdio.h>

#include <deskphone/deskphone.h>

#ifndef TP_ABI
#define TP_ABI DESK_PLUGIN_ABI_VERSION
#endif

#ifndef TP_NO_DESCRIPTOR
static void
record (const char *hook)
{
  const char *path = g_getenv ("TP_RECORD_FILE");
  FILE *f;
  if (!path || !(f = fopen (path, "a")))
    return;
  fprintf (f, "%s %s\n", hook, TP_NAME);
  fclose (f);
}

#ifdef TP_UNDEFINED_SYMBOL
/* Nobody defines this: dlopen must fail and say so. */
extern void tp_symbol_nobody_defines (void);
#endif

static gboolean
tp_init (DeskPlugin *plugin, GError **error)
{
  record ("init");
#ifdef TP_UNDEFINED_SYMBOL
  tp_symbol_nobody_defines ();
#endif
#ifdef TP_INIT_FAILS
  g_set_error (error, g_quark_from_static_string ("tp-error"), 1,
               "device /dev/tp0 is not there (test plugin refuses to initialise)");
  return FALSE;
#endif
#ifdef TP_LOOKUP
  {
    const DeskProvider *p = desk_registry_lookup (desk_plugin_get_registry (plugin),
                                                  TP_LOOKUP, 1, error);
    if (!p)
      return FALSE;
    record ("found-" TP_LOOKUP);
  }
#endif
  return TRUE;
}

static gboolean
tp_start (DeskPlugin *plugin, GError **error)
{
  record ("start");
#ifdef TP_START_FAILS
  g_set_error (error, g_quark_from_static_string ("tp-error"), 2, "test plugin refuses to start");
  return FALSE;
#endif
  return TRUE;
}

static void
tp_stop (DeskPlugin *plugin)
{
  record ("stop");
}

static void
tp_fini (DeskPlugin *plugin)
{
  record ("fini");
}

#endif /* !TP_NO_DESCRIPTOR */

#ifdef TP_PROVIDES
static const DeskCapDecl provides[] = { { TP_PROVIDES, TP_PROVIDES_ATTRS, 1 }, DESK_CAP_END };
#endif
#ifdef TP_REQUIRES
static const DeskCapDecl requires[] = { { TP_REQUIRES, TP_REQUIRES_ATTRS, 1 }, DESK_CAP_END };
#endif
#ifdef TP_WANTS
static const DeskCapDecl wants[] = { { TP_WANTS, NULL, 1 }, DESK_CAP_END };
#endif

#ifndef TP_NO_DESCRIPTOR
G_MODULE_EXPORT extern const DeskPluginDesc deskphone_plugin_descriptor;
G_MODULE_EXPORT const DeskPluginDesc deskphone_plugin_descriptor = {
  .magic = DESK_PLUGIN_MAGIC,
  .abi_version = TP_ABI,
  .name = TP_NAME,
  .version = "0.0.1",
  .description = "test plugin",
  .kind = DESK_PLUGIN_KIND_APP,
#ifdef TP_PROVIDES
  .provides = provides,
#endif
#ifdef TP_REQUIRES
  .requires = requires,
#endif
#ifdef TP_WANTS
  .wants = wants,
#endif
  .init = tp_init,
  .start = tp_start,
  .stop = tp_stop,
  .fini = tp_fini,
};
#else
/* A shared object with code but no descriptor. */
G_MODULE_EXPORT int tp_not_a_descriptor (void);
G_MODULE_EXPORT int
tp_not_a_descriptor (void)
{
  return 1;
}
#endif
