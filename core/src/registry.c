/* The capability registry: capability name -> provider interfaces.
 * Main-thread only; lookups are linear scans over a few dozen entries, which
 * is cheaper than hashing at this size and keeps registration order. */
#include <string.h>

#include "core-private.h"

typedef struct {
  DeskProvider pub;
  char *capability;
  char *plugin;
  DeskAttrs *attrs;
} Provider;

struct _DeskRegistry {
  GPtrArray *providers; /* Provider* */
};

static void
provider_free (gpointer p)
{
  Provider *pr = p;
  g_free (pr->capability);
  g_free (pr->plugin);
  desk_attrs_free (pr->attrs);
  g_free (pr);
}

DeskRegistry *
desk_registry_new (void)
{
  DeskRegistry *r = g_new0 (DeskRegistry, 1);
  r->providers = g_ptr_array_new_with_free_func (provider_free);
  return r;
}

void
desk_registry_free (DeskRegistry *registry)
{
  if (!registry)
    return;
  g_ptr_array_unref (registry->providers);
  g_free (registry);
}

gboolean
desk_capability_matches (const char *pattern, const char *capability)
{
  size_t n = strlen (pattern);
  if (strcmp (pattern, "*") == 0)
    return TRUE;
  if (n >= 2 && pattern[n - 1] == '*' && pattern[n - 2] == ':')
    return strncmp (pattern, capability, n - 1) == 0;
  return strcmp (pattern, capability) == 0;
}

static gboolean
valid_capability (const char *cap)
{
  const char *colon = strchr (cap, ':');
  if (!colon || colon == cap || !colon[1] || strchr (colon + 1, ':'))
    return FALSE;
  for (const char *p = cap; *p; p++)
    if (!g_ascii_isalnum (*p) && !strchr (":-_.", *p))
      return FALSE;
  return TRUE;
}

gboolean
desk_registry_register (DeskRegistry *registry, const char *plugin,
                        const char *capability, const char *attrs_text,
                        guint version, gconstpointer iface, gpointer instance,
                        GError **error)
{
  g_autoptr (DeskAttrs) attrs = NULL;
  Provider *pr;

  g_return_val_if_fail (registry && plugin && capability, FALSE);
  if (!valid_capability (capability))
    {
      g_set_error (error, DESK_REGISTRY_ERROR, DESK_REGISTRY_ERROR_SYNTAX,
                   "plugin '%s': capability name '%s' is not family:item",
                   plugin, capability);
      return FALSE;
    }
  for (guint i = 0; i < registry->providers->len; i++)
    {
      Provider *old = g_ptr_array_index (registry->providers, i);
      if (strcmp (old->plugin, plugin) == 0 &&
          strcmp (old->capability, capability) == 0)
        {
          g_set_error (error, DESK_REGISTRY_ERROR, DESK_REGISTRY_ERROR_EXISTS,
                       "plugin '%s' registered capability '%s' twice",
                       plugin, capability);
          return FALSE;
        }
    }
  attrs = desk_attrs_parse (attrs_text, -1, error);
  if (!attrs)
    {
      g_prefix_error (error, "plugin '%s', capability '%s': ", plugin, capability);
      return FALSE;
    }
  pr = g_new0 (Provider, 1);
  pr->capability = g_strdup (capability);
  pr->plugin = g_strdup (plugin);
  pr->attrs = g_steal_pointer (&attrs);
  pr->pub.capability = pr->capability;
  pr->pub.plugin = pr->plugin;
  pr->pub.attrs = pr->attrs;
  pr->pub.version = version;
  pr->pub.iface = iface;
  pr->pub.instance = instance;
  g_ptr_array_add (registry->providers, pr);
  return TRUE;
}

void
desk_registry_unregister_plugin (DeskRegistry *registry, const char *plugin)
{
  for (guint i = registry->providers->len; i > 0; i--)
    {
      Provider *pr = g_ptr_array_index (registry->providers, i - 1);
      if (strcmp (pr->plugin, plugin) == 0)
        g_ptr_array_remove_index (registry->providers, i - 1);
    }
}

const DeskProvider *
desk_registry_lookup (DeskRegistry *registry, const char *capability,
                      guint min_version, GError **error)
{
  const Provider *older = NULL;
  for (guint i = 0; i < registry->providers->len; i++)
    {
      const Provider *pr = g_ptr_array_index (registry->providers, i);
      if (strcmp (pr->capability, capability) != 0)
        continue;
      if (pr->pub.version >= min_version)
        return &pr->pub;
      older = pr;
    }
  if (older)
    g_set_error (error, DESK_REGISTRY_ERROR, DESK_REGISTRY_ERROR_VERSION,
                 "capability '%s' is provided by plugin '%s' at interface version %u, "
                 "but version %u or later is needed",
                 capability, older->plugin, older->pub.version, min_version);
  else
    g_set_error (error, DESK_REGISTRY_ERROR, DESK_REGISTRY_ERROR_NOT_FOUND,
                 "no plugin provides capability '%s'", capability);
  return NULL;
}

GPtrArray *
desk_registry_lookup_all (DeskRegistry *registry, const char *pattern)
{
  GPtrArray *out = g_ptr_array_new ();
  for (guint i = 0; i < registry->providers->len; i++)
    {
      Provider *pr = g_ptr_array_index (registry->providers, i);
      if (desk_capability_matches (pattern, pr->capability))
        g_ptr_array_add (out, &pr->pub);
    }
  return out;
}

void
desk_registry_foreach (DeskRegistry *registry,
                       void (*func) (const DeskProvider *p, gpointer data),
                       gpointer data)
{
  for (guint i = 0; i < registry->providers->len; i++)
    {
      Provider *pr = g_ptr_array_index (registry->providers, i);
      func (&pr->pub, data);
    }
}

gint
desk_strp_cmp (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}
