/* The handle through which a plugin reaches the core (plugin.h). */
#include <string.h>

#include "plugin-private.h"

static const char *const kind_names[] = {
  "signalling", "media", "codec", "hal", "ui", "provisioning", "app",
};

const char *
desk_plugin_kind_to_string (DeskPluginKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (kind_names))
    return "unknown";
  return kind_names[kind];
}

const char *
desk_plugin_get_name (DeskPlugin *plugin)
{
  return plugin->desc->name;
}

const DeskPluginDesc *
desk_plugin_get_desc (DeskPlugin *plugin)
{
  return plugin->desc;
}

DeskBus *
desk_plugin_get_bus (DeskPlugin *plugin)
{
  return _desk_loader_get_bus (plugin->loader);
}

DeskRegistry *
desk_plugin_get_registry (DeskPlugin *plugin)
{
  return _desk_loader_get_registry (plugin->loader);
}

DeskConfig *
desk_plugin_get_config (DeskPlugin *plugin)
{
  return _desk_loader_get_config (plugin->loader);
}

void
desk_plugin_set_data (DeskPlugin *plugin, gpointer data)
{
  plugin->data = data;
}

gpointer
desk_plugin_get_data (DeskPlugin *plugin)
{
  return plugin->data;
}

const char *
desk_plugin_get_log_domain (DeskPlugin *plugin)
{
  return plugin->log_domain;
}

void
desk_plugin_request_quit (DeskPlugin *plugin)
{
  _desk_loader_request_quit (plugin->loader);
}

gboolean
desk_plugin_provide (DeskPlugin *plugin, const char *capability,
                     gconstpointer iface, gpointer instance, GError **error)
{
  for (const DeskCapDecl *c = plugin->desc->provides; c && c->name; c++)
    if (strcmp (c->name, capability) == 0)
      return desk_registry_register (desk_plugin_get_registry (plugin),
                                     plugin->desc->name, capability, c->attrs,
                                     c->version, iface, instance, error);
  g_set_error (error, DESK_REGISTRY_ERROR, DESK_REGISTRY_ERROR_NOT_FOUND,
               "plugin '%s' provides '%s' but its descriptor does not declare it "
               "(add it to .provides)", plugin->desc->name, capability);
  return FALSE;
}
