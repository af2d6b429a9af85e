/* One source, twenty plugins for bench-startup: each build (see meson.build)
 * defines BP_NAME, BP_PROVIDES and, except the first, BP_REQUIRES, so the
 * twenty form a dependency chain the loader must order.  The hooks do what a
 * small real plugin does at start-up: register the provided interface, look
 * up the required one, keep a little state. */
#include <deskphone/deskphone.h>

typedef struct {
  int dummy;
} BenchIface;

static const BenchIface bench_iface = { 1 };

typedef struct {
  const DeskProvider *dep;
} BenchState;

static gboolean
bp_init (DeskPlugin *plugin, GError **error)
{
  BenchState *st = g_new0 (BenchState, 1);

  desk_plugin_set_data (plugin, st);
  if (!desk_plugin_provide (plugin, BP_PROVIDES, &bench_iface, st, error))
    return FALSE;
#ifdef BP_REQUIRES
  st->dep = desk_registry_lookup (desk_plugin_get_registry (plugin), BP_REQUIRES, 1, error);
  if (!st->dep)
    return FALSE;
#endif
  return TRUE;
}

static void
bp_fini (DeskPlugin *plugin)
{
  g_free (desk_plugin_get_data (plugin));
}

static const DeskCapDecl provides[] = { { BP_PROVIDES, NULL, 1 }, DESK_CAP_END };
#ifdef BP_REQUIRES
static const DeskCapDecl requires[] = { { BP_REQUIRES, NULL, 1 }, DESK_CAP_END };
#define BP_REQUIRES_DECL requires
#else
#define BP_REQUIRES_DECL NULL
#endif

DESK_PLUGIN_DEFINE (
  .name = BP_NAME,
  .version = "0.0.1",
  .description = "bench-startup chain link",
  .kind = DESK_PLUGIN_KIND_APP,
  .provides = provides,
  .requires = BP_REQUIRES_DECL,
  .init = bp_init,
  .fini = bp_fini);
