/* deskphone plugin SDK: the descriptor every plugin exports and the handle
 * the core gives it.
 *
 * A plugin is a shared object that exports exactly one constant symbol,
 * `deskphone_plugin_descriptor` (use DESK_PLUGIN_DEFINE).  The loader reads
 * the descriptor before calling any of the plugin's functions: the magic and
 * ABI version first, the rest only when they match.  Plugins must not have
 * ELF constructors; everything happens in the hooks.
 */
#pragma once

#include <glib.h>
#include <gmodule.h>

#include <deskphone/bus.h>
#include <deskphone/config.h>
#include <deskphone/registry.h>

G_BEGIN_DECLS

/* Bumped whenever DeskPluginDesc or a core SDK function changes in an
 * incompatible way.  A plugin built against another ABI is refused before
 * any of its code runs. */
#define DESK_PLUGIN_ABI_VERSION 1
#define DESK_PLUGIN_MAGIC 0x44534b50u /* "DSKP" */
#define DESK_PLUGIN_DESCRIPTOR_SYMBOL "deskphone_plugin_descriptor"

typedef enum {
  DESK_PLUGIN_KIND_SIGNALLING,
  DESK_PLUGIN_KIND_MEDIA,
  DESK_PLUGIN_KIND_CODEC,
  DESK_PLUGIN_KIND_HAL,
  DESK_PLUGIN_KIND_UI,
  DESK_PLUGIN_KIND_PROVISIONING,
  DESK_PLUGIN_KIND_APP,
} DeskPluginKind;

/* One capability a plugin provides, requires or wants.
 *
 * @name: "family:item", e.g. "codec:PCMU".  In requires/wants a trailing
 *   '*' matches any item of a family ("audio-device:*").
 * @attrs: attribute set, see registry.h (may be NULL).  In provides: what the
 *   provider offers; in requires/wants: what the consumer accepts.  A provider
 *   matches when every attribute both sides name has a common value.
 * @version: in provides, the interface version registered; in requires and
 *   wants, the lowest interface version the consumer can use. */
typedef struct {
  const char *name;
  const char *attrs;
  guint version;
} DeskCapDecl;

#define DESK_CAP_END { NULL, NULL, 0 }

typedef struct _DeskPlugin DeskPlugin;

typedef gboolean (*DeskPluginHook) (DeskPlugin *plugin, GError **error);
typedef void (*DeskPluginVoidHook) (DeskPlugin *plugin);

/* The descriptor.  Arrays end with DESK_CAP_END; NULL means empty.
 *
 * Hooks run on the main thread, in dependency order:
 *   init:  allocate state, register provided interfaces in the registry,
 *          look up required ones.  Do not start I/O yet.
 *   start: begin work (sockets, threads, timers).
 *   stop:  stop work; the plugin's consumers have already been stopped.
 *   fini:  free everything init allocated.
 * init and start may fail with a GError; stop and fini cannot fail.
 * Any hook may be NULL. */
typedef struct {
  guint32 magic;       /* DESK_PLUGIN_MAGIC */
  guint32 abi_version; /* DESK_PLUGIN_ABI_VERSION */
  const char *name;    /* unique among loaded plugins: [a-z0-9-]+ */
  const char *version;
  const char *description;
  DeskPluginKind kind;
  const DeskCapDecl *provides;
  const DeskCapDecl *requires;
  const DeskCapDecl *wants;
  DeskPluginHook init;
  DeskPluginHook start;
  DeskPluginVoidHook stop;
  DeskPluginVoidHook fini;
} DeskPluginDesc;

/* Defines the exported descriptor.  Use once per plugin:
 *   DESK_PLUGIN_DEFINE (.name = "virtual", .kind = DESK_PLUGIN_KIND_HAL, ...);
 */
#define DESK_PLUGIN_DEFINE(...)                                      \
  G_MODULE_EXPORT extern const DeskPluginDesc deskphone_plugin_descriptor; \
  G_MODULE_EXPORT const DeskPluginDesc deskphone_plugin_descriptor = { \
    .magic = DESK_PLUGIN_MAGIC,                                      \
    .abi_version = DESK_PLUGIN_ABI_VERSION,                          \
    __VA_ARGS__                                                      \
  }

const char *desk_plugin_kind_to_string (DeskPluginKind kind);

/* The handle of a loaded plugin.  Valid from init until fini returns.
 * Everything the plugin needs from the core is reached through it. */
const char *desk_plugin_get_name (DeskPlugin *plugin);
const DeskPluginDesc *desk_plugin_get_desc (DeskPlugin *plugin);
DeskBus *desk_plugin_get_bus (DeskPlugin *plugin);
DeskRegistry *desk_plugin_get_registry (DeskPlugin *plugin);
DeskConfig *desk_plugin_get_config (DeskPlugin *plugin);

/* The plugin's own state.  The core never touches it. */
void desk_plugin_set_data (DeskPlugin *plugin, gpointer data);
gpointer desk_plugin_get_data (DeskPlugin *plugin);

/* The log domain of the plugin ("deskphone-NAME"), for g_log_structured. */
const char *desk_plugin_get_log_domain (DeskPlugin *plugin);

/* Logs through GLib structured logging in the plugin's domain:
 *   DESK_LOG (plugin, G_LOG_LEVEL_MESSAGE, "opened %s", dev); */
#define DESK_LOG(plugin, level, ...) \
  g_log_structured (desk_plugin_get_log_domain (plugin), (level), \
                    "MESSAGE", __VA_ARGS__)

/* Asks the phone to shut down cleanly (as SIGTERM would), from any thread. */
void desk_plugin_request_quit (DeskPlugin *plugin);

/* Registers a provided capability's interface on behalf of this plugin.
 * Shorthand for desk_registry_register() with the attrs and version of the
 * matching entry in the descriptor's provides list. */
gboolean desk_plugin_provide (DeskPlugin *plugin, const char *capability,
                              gconstpointer iface, gpointer instance,
                              GError **error);

G_END_DECLS
