/* The plugin loader: finds plugins on the plugin path, reads their
 * descriptors, selects the product profile's plugins, resolves the
 * capability graph, and runs init/start in dependency order and stop/fini in
 * reverse.
 *
 * Every refusal names the plugin, the capability or symbol, and what would
 * fix it.  A failure of a plugin the profile marks optional (or if-exists) is
 * a warning; the plugins that hard-require it are then skipped too, and a
 * required plugin among those stops start-up. */
#include <string.h>

#include "plugin-private.h"

G_DEFINE_QUARK (desk-loader-error-quark, desk_loader_error)

struct _DeskLoader {
  DeskBus *bus;
  DeskRegistry *registry;
  DeskConfig *config;
  GPtrArray *dirs;     /* char*, NULL-terminated */
  GPtrArray *files;    /* DeskPluginFile* */
  GPtrArray *plugins;  /* DeskPlugin*, start order once resolved */
  GPtrArray *warnings; /* char*, NULL-terminated */
  char *profile_desc;
  GSourceFunc quit_func;
  gpointer quit_data;
};

static void
file_free (gpointer p)
{
  DeskPluginFile *f = p;
  g_free (f->path);
  g_free (f->guess);
  g_clear_error (&f->error);
  /* Modules stay mapped: a plugin may have handed out pointers (bus
   * handlers, GTypes) that outlive fini until the process exits. */
  g_free (f);
}

static void
satisfied_free (gpointer p)
{
  Satisfied *s = p;
  g_ptr_array_unref (s->providers);
  g_free (s);
}

static void
plugin_free (gpointer p)
{
  DeskPlugin *pl = p;
  g_free (pl->log_domain);
  g_free (pl->failure);
  g_ptr_array_unref (pl->deps);
  g_ptr_array_unref (pl->satisfied);
  g_free (pl);
}

DeskLoader *
desk_loader_new (DeskBus *bus, DeskRegistry *registry, DeskConfig *config)
{
  DeskLoader *l = g_new0 (DeskLoader, 1);
  l->bus = bus;
  l->registry = registry;
  l->config = config;
  l->dirs = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (l->dirs, NULL);
  l->files = g_ptr_array_new_with_free_func (file_free);
  l->plugins = g_ptr_array_new_with_free_func (plugin_free);
  l->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (l->warnings, NULL);
  return l;
}

void
desk_loader_free (DeskLoader *loader)
{
  if (!loader)
    return;
  g_ptr_array_unref (loader->plugins);
  g_ptr_array_unref (loader->files);
  g_ptr_array_unref (loader->dirs);
  g_ptr_array_unref (loader->warnings);
  g_free (loader->profile_desc);
  g_free (loader);
}

DeskBus *_desk_loader_get_bus (DeskLoader *l) { return l->bus; }
DeskRegistry *_desk_loader_get_registry (DeskLoader *l) { return l->registry; }
DeskConfig *_desk_loader_get_config (DeskLoader *l) { return l->config; }

void
desk_loader_set_quit_func (DeskLoader *loader, GSourceFunc func, gpointer data)
{
  loader->quit_func = func;
  loader->quit_data = data;
}

void
_desk_loader_request_quit (DeskLoader *loader)
{
  if (loader->quit_func)
    g_main_context_invoke (NULL, loader->quit_func, loader->quit_data);
}

static void
add_strv (GPtrArray *nt_array, char *s)
{
  g_ptr_array_insert (nt_array, nt_array->len - 1, s);
}

static void
warn (DeskLoader *loader, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
warn (DeskLoader *loader, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  add_strv (loader->warnings, g_strdup_vprintf (fmt, ap));
  va_end (ap);
}

const char *const *
desk_loader_get_warnings (DeskLoader *loader)
{
  return (const char *const *) loader->warnings->pdata;
}

void
desk_loader_add_dir (DeskLoader *loader, const char *dir)
{
  for (guint i = 0; i + 1 < loader->dirs->len; i++)
    if (strcmp (g_ptr_array_index (loader->dirs, i), dir) == 0)
      return;
  add_strv (loader->dirs, g_strdup (dir));
}

const char *const *
desk_loader_get_dirs (DeskLoader *loader)
{
  return (const char *const *) loader->dirs->pdata;
}

/* ---- scanning ---- */

static char *
guess_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  const char *s = base;
  char *dot;
  if (g_str_has_prefix (s, "dp_"))
    s += 3;
  else if (g_str_has_prefix (s, "lib"))
    s += 3;
  dot = strstr (s, ".so");
  return g_strdelimit (g_strndup (s, dot ? (gsize) (dot - s) : strlen (s)), "_", '-');
}

static void
open_file (DeskLoader *loader, const char *path)
{
  DeskPluginFile *f;
  gpointer sym = NULL;
  const DeskPluginDesc *d;
  g_autofree char *real = g_canonicalize_filename (path, NULL);

  /* The same file reached twice (a --plugin-path inside a directory the
   * loader scans anyway) is one plugin, not two. */
  for (guint i = 0; i < loader->files->len; i++)
    {
      g_autofree char *other =
          g_canonicalize_filename (((DeskPluginFile *) g_ptr_array_index (loader->files, i))->path, NULL);
      if (strcmp (real, other) == 0)
        return;
    }
  f = g_new0 (DeskPluginFile, 1);
  f->path = g_strdup (path);
  f->guess = guess_name (path);
  g_ptr_array_add (loader->files, f);
  /* Not lazy: a plugin that needs a symbol nobody provides fails here, with
   * the dynamic linker's own message, not at its first call. */
  f->module = g_module_open (path, G_MODULE_BIND_LOCAL);
  if (!f->module)
    {
      g_set_error (&f->error, DESK_LOADER_ERROR, DESK_LOADER_ERROR_NO_DESCRIPTOR,
                   "plugin file %s cannot be loaded: %s", path, g_module_error ());
      return;
    }
  g_module_make_resident (f->module);
  if (!g_module_symbol (f->module, DESK_PLUGIN_DESCRIPTOR_SYMBOL, &sym) || !sym)
    {
      g_set_error (&f->error, DESK_LOADER_ERROR, DESK_LOADER_ERROR_NO_DESCRIPTOR,
                   "plugin file %s has no symbol '%s' (%s); a plugin must define "
                   "its descriptor with DESK_PLUGIN_DEFINE",
                   path, DESK_PLUGIN_DESCRIPTOR_SYMBOL, g_module_error ());
      return;
    }
  d = sym;
  /* Only magic and ABI are read before they are known to match. */
  if (d->magic != DESK_PLUGIN_MAGIC)
    {
      g_set_error (&f->error, DESK_LOADER_ERROR, DESK_LOADER_ERROR_NO_DESCRIPTOR,
                   "plugin file %s: '%s' is not a deskphone plugin descriptor (bad magic)",
                   path, DESK_PLUGIN_DESCRIPTOR_SYMBOL);
      return;
    }
  if (d->abi_version != DESK_PLUGIN_ABI_VERSION)
    {
      g_set_error (&f->error, DESK_LOADER_ERROR, DESK_LOADER_ERROR_ABI,
                   "plugin file %s was built for plugin ABI %u, but this deskphone "
                   "has ABI %u: rebuild the plugin against this deskphone's "
                   "deskphone-plugin SDK",
                   path, d->abi_version, DESK_PLUGIN_ABI_VERSION);
      return;
    }
  if (!d->name || !*d->name || strspn (d->name, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen (d->name))
    {
      g_set_error (&f->error, DESK_LOADER_ERROR, DESK_LOADER_ERROR_INVALID,
                   "plugin file %s: plugin name '%s' is empty or not [a-z0-9-]",
                   path, d->name ? d->name : "(null)");
      return;
    }
  f->desc = d;
}

void
desk_loader_scan (DeskLoader *loader)
{
  for (guint i = 0; i + 1 < loader->dirs->len; i++)
    {
      const char *dir = g_ptr_array_index (loader->dirs, i);
      g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
      g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;
      if (!d)
        continue;
      while ((name = g_dir_read_name (d)))
        {
          g_autofree char *sub = g_build_filename (dir, name, NULL);
          /* One level of subdirectories: the build tree keeps each plugin
           * in its own directory. */
          if (g_file_test (sub, G_FILE_TEST_IS_DIR))
            {
              g_autoptr (GDir) sd = g_dir_open (sub, 0, NULL);
              const char *n2;
              while (sd && (n2 = g_dir_read_name (sd)))
                if (g_str_has_suffix (n2, ".so"))
                  g_ptr_array_add (names, g_build_filename (sub, n2, NULL));
            }
          else if (g_str_has_suffix (name, ".so"))
            g_ptr_array_add (names, g_steal_pointer (&sub));
        }
      g_ptr_array_sort (names, desk_strp_cmp);
      for (guint j = 0; j < names->len; j++)
        open_file (loader, g_ptr_array_index (names, j));
    }
}

/* ---- resolution ---- */

static DeskPlugin *
find_selected (DeskLoader *loader, const char *name)
{
  for (guint i = 0; i < loader->plugins->len; i++)
    {
      DeskPlugin *p = g_ptr_array_index (loader->plugins, i);
      if (strcmp (p->desc->name, name) == 0)
        return p;
    }
  return NULL;
}

static char *
dirs_text (DeskLoader *loader)
{
  g_autofree char *s = NULL;
  if (loader->dirs->len <= 1)
    return g_strdup ("(none)");
  s = g_strjoinv (", ", (char **) loader->dirs->pdata);
  return g_steal_pointer (&s);
}

/* Error for a profile entry that matches no usable plugin. */
static GError *
not_found_error (DeskLoader *loader, const char *name)
{
  g_autofree char *dirs = dirs_text (loader);
  for (guint i = 0; i < loader->files->len; i++)
    {
      DeskPluginFile *f = g_ptr_array_index (loader->files, i);
      if (!f->desc && f->error && strcmp (f->guess, name) == 0)
        return g_error_copy (f->error);
    }
  return g_error_new (DESK_LOADER_ERROR, DESK_LOADER_ERROR_NOT_FOUND,
                      "plugin '%s' is not on the plugin path (searched %s); "
                      "build or install it, or point --plugin-path at it",
                      name, dirs);
}

static gboolean
select_entry (DeskLoader *loader, const DeskProfileEntry *e, GError **error)
{
  DeskPluginFile *found = NULL;
  DeskPlugin *p;

  for (guint i = 0; i < loader->files->len; i++)
    {
      DeskPluginFile *f = g_ptr_array_index (loader->files, i);
      if (!f->desc || strcmp (f->desc->name, e->name) != 0)
        continue;
      if (found)
        {
          g_set_error (error, DESK_LOADER_ERROR, DESK_LOADER_ERROR_DUPLICATE,
                       "two plugins are named '%s': %s and %s; remove one of them "
                       "from the plugin path",
                       e->name, found->path, f->path);
          return FALSE;
        }
      found = f;
    }
  if (find_selected (loader, e->name))
    {
      g_set_error (error, DESK_LOADER_ERROR, DESK_LOADER_ERROR_DUPLICATE,
                   "the profile lists plugin '%s' twice", e->name);
      return FALSE;
    }
  if (!found)
    {
      GError *err = not_found_error (loader, e->name);
      if (e->need == DESK_NEED_REQUIRED)
        {
          g_propagate_error (error, err);
          return FALSE;
        }
      /* if-exists: absence is expected, a broken file is still news. */
      if (e->need == DESK_NEED_OPTIONAL || err->code != DESK_LOADER_ERROR_NOT_FOUND)
        warn (loader, "optional plugin '%s' skipped: %s", e->name, err->message);
      g_error_free (err);
      return TRUE;
    }
  p = g_new0 (DeskPlugin, 1);
  p->loader = loader;
  p->file = found;
  p->desc = found->desc;
  p->need = e->need;
  p->log_domain = g_strconcat ("deskphone-", found->desc->name, NULL);
  p->deps = g_ptr_array_new ();
  p->satisfied = g_ptr_array_new_with_free_func (satisfied_free);
  g_ptr_array_add (loader->plugins, p);
  return TRUE;
}

static gboolean
provides_match (const DeskPluginDesc *d, const DeskCapDecl *want)
{
  for (const DeskCapDecl *c = d->provides; c && c->name; c++)
    {
      g_autoptr (DeskAttrs) a = NULL, b = NULL, both = NULL;
      if (!desk_capability_matches (want->name, c->name) || c->version < want->version)
        continue;
      a = desk_attrs_parse (c->attrs, -1, NULL);
      b = desk_attrs_parse (want->attrs, -1, NULL);
      if (!a || !b)
        continue;
      both = desk_attrs_intersect (a, b, NULL);
      if (both)
        return TRUE;
    }
  return FALSE;
}

static gboolean
usable (DeskPlugin *p)
{
  return p->state != PLUGIN_FAILED;
}

/* Who on the path (outside the profile) could provide @want. */
static char *
candidates_text (DeskLoader *loader, const DeskCapDecl *want)
{
  g_autoptr (GString) s = g_string_new (NULL);
  for (guint i = 0; i < loader->files->len; i++)
    {
      DeskPluginFile *f = g_ptr_array_index (loader->files, i);
      if (f->desc && !find_selected (loader, f->desc->name) && provides_match (f->desc, want))
        g_string_append_printf (s, "%s'%s' (%s)", s->len ? ", " : "", f->desc->name, f->path);
    }
  if (!s->len)
    return g_strdup ("No plugin on the plugin path provides it either.");
  return g_strdup_printf ("On the plugin path, %s would provide it: add it to the "
                          "profile's [plugins] section.", s->str);
}

static char *
missing_text (DeskLoader *loader, DeskPlugin *p, const DeskCapDecl *r)
{
  g_autofree char *cands = candidates_text (loader, r);
  g_autofree char *failed = NULL;
  for (guint i = 0; i < loader->plugins->len; i++)
    {
      DeskPlugin *q = g_ptr_array_index (loader->plugins, i);
      if (q != p && !usable (q) && provides_match (q->desc, r))
        failed = g_strdup_printf (" Plugin '%s' would provide it but was skipped: %s",
                                  q->desc->name, q->failure);
    }
  return g_strdup_printf ("plugin '%s' (%s) requires capability '%s'%s%s%s, and no "
                          "plugin in profile %s provides it.%s %s",
                          p->desc->name, p->file->path, r->name,
                          r->attrs ? " with " : "", r->attrs ? r->attrs : "",
                          r->version > 1 ? " (interface version or later)" : "",
                          loader->profile_desc, failed ? failed : "", cands);
}

/* Links @p to its providers.  Returns FALSE (with @why) if a hard
 * requirement has no usable provider. */
static gboolean
link_plugin (DeskLoader *loader, DeskPlugin *p, char **why)
{
  g_ptr_array_set_size (p->deps, 0);
  g_ptr_array_set_size (p->satisfied, 0);
  for (int hard = 1; hard >= 0; hard--)
    for (const DeskCapDecl *r = hard ? p->desc->requires : p->desc->wants; r && r->name; r++)
      {
        Satisfied *s = g_new0 (Satisfied, 1);
        s->decl = r;
        s->hard = hard;
        s->providers = g_ptr_array_new ();
        g_ptr_array_add (p->satisfied, s);
        if (provides_match (p->desc, r))
          g_ptr_array_add (s->providers, p);
        for (guint i = 0; i < loader->plugins->len; i++)
          {
            DeskPlugin *q = g_ptr_array_index (loader->plugins, i);
            if (q == p || !usable (q) || !provides_match (q->desc, r))
              continue;
            g_ptr_array_add (s->providers, q);
            if (!g_ptr_array_find (p->deps, q, NULL))
              g_ptr_array_add (p->deps, q);
          }
        if (hard && s->providers->len == 0)
          {
            *why = missing_text (loader, p, r);
            return FALSE;
          }
      }
  return TRUE;
}

static gboolean
fail_plugin (DeskLoader *loader, DeskPlugin *p, const char *why, int code,
             GError **error)
{
  if (p->need == DESK_NEED_REQUIRED)
    {
      g_set_error_literal (error, DESK_LOADER_ERROR, code, why);
      return FALSE;
    }
  p->state = PLUGIN_FAILED;
  p->failure = g_strdup (why);
  warn (loader, "optional plugin '%s' skipped: %s", p->desc->name, why);
  return TRUE;
}

/* A cycle among @rest (plugins not yet ordered), as "a -> b -> a". */
static char *
describe_cycle (GPtrArray *rest)
{
  DeskPlugin *start = g_ptr_array_index (rest, 0), *p = start;
  g_autoptr (GPtrArray) path = g_ptr_array_new ();
  g_autoptr (GString) s = g_string_new (NULL);
  guint at;

  /* Every plugin left has a dependency left; walk until one repeats. */
  while (!g_ptr_array_find (path, p, &at))
    {
      g_ptr_array_add (path, p);
      for (guint i = 0; i < p->deps->len; i++)
        if (g_ptr_array_find (rest, g_ptr_array_index (p->deps, i), NULL))
          {
            p = g_ptr_array_index (p->deps, i);
            break;
          }
    }
  for (guint i = at; i < path->len; i++)
    {
      DeskPlugin *a = g_ptr_array_index (path, i);
      DeskPlugin *b = g_ptr_array_index (path, i + 1 < path->len ? i + 1 : at);
      const char *cap = "?";
      for (guint j = 0; j < a->satisfied->len; j++)
        {
          Satisfied *sat = g_ptr_array_index (a->satisfied, j);
          if (g_ptr_array_find (sat->providers, b, NULL))
            cap = sat->decl->name;
        }
      g_string_append_printf (s, "'%s' needs %s from '%s'; ", a->desc->name, cap, b->desc->name);
    }
  g_string_truncate (s, s->len - 2);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Kahn's algorithm, keeping profile order among independent plugins. */
static gboolean
sort_plugins (DeskLoader *loader, GError **error)
{
  g_autoptr (GPtrArray) rest = g_ptr_array_copy (loader->plugins, NULL, NULL);
  GPtrArray *order = g_ptr_array_new_with_free_func (plugin_free);

  g_ptr_array_set_free_func (rest, NULL); /* the copy took plugin_free */
  while (rest->len)
    {
      gboolean progress = FALSE;
      for (guint i = 0; i < rest->len; i++)
        {
          DeskPlugin *p = g_ptr_array_index (rest, i);
          gboolean ready = TRUE;
          for (guint j = 0; j < p->deps->len && ready; j++)
            ready = !g_ptr_array_find (rest, g_ptr_array_index (p->deps, j), NULL);
          if (!ready)
            continue;
          g_ptr_array_add (order, p);
          g_ptr_array_remove_index (rest, i);
          progress = TRUE;
          break;
        }
      if (!progress)
        {
          g_autofree char *cycle = describe_cycle (rest);
          g_set_error (error, DESK_LOADER_ERROR, DESK_LOADER_ERROR_CYCLE,
                       "the plugins of profile %s depend on each other in a cycle: %s. "
                       "One of them must not require the other's capability.",
                       loader->profile_desc, cycle);
          /* Hand the plugins back so they are freed once. */
          for (guint i = 0; i < rest->len; i++)
            g_ptr_array_add (order, g_ptr_array_index (rest, i));
          g_ptr_array_set_free_func (loader->plugins, NULL);
          g_ptr_array_unref (loader->plugins);
          loader->plugins = order;
          return FALSE;
        }
    }
  g_ptr_array_set_free_func (loader->plugins, NULL);
  g_ptr_array_unref (loader->plugins);
  loader->plugins = order;
  return TRUE;
}

gboolean
desk_loader_resolve (DeskLoader *loader, const DeskProfile *profile,
                     GError **error)
{
  gboolean changed = TRUE;

  g_free (loader->profile_desc);
  loader->profile_desc = g_strdup_printf ("'%s' (%s)", profile->name, profile->origin);
  for (guint i = 0; i < profile->entries->len; i++)
    if (!select_entry (loader, g_ptr_array_index (profile->entries, i), error))
      return FALSE;

  /* Skipping an optional plugin can leave another without a provider, so
   * link until nothing changes. */
  while (changed)
    {
      changed = FALSE;
      for (guint i = 0; i < loader->plugins->len; i++)
        {
          DeskPlugin *p = g_ptr_array_index (loader->plugins, i);
          g_autofree char *why = NULL;
          if (!usable (p) || link_plugin (loader, p, &why))
            continue;
          if (!fail_plugin (loader, p, why, DESK_LOADER_ERROR_MISSING_CAPABILITY, error))
            return FALSE;
          changed = TRUE;
        }
    }
  return sort_plugins (loader, error);
}

/* ---- running ---- */

static gboolean
deps_usable (DeskPlugin *p, char **why)
{
  for (guint i = 0; i < p->satisfied->len; i++)
    {
      Satisfied *s = g_ptr_array_index (p->satisfied, i);
      gboolean ok = !s->hard;
      for (guint j = 0; j < s->providers->len && !ok; j++)
        ok = usable (g_ptr_array_index (s->providers, j));
      if (!ok)
        {
          DeskPlugin *q = g_ptr_array_index (s->providers, 0);
          *why = g_strdup_printf ("plugin '%s' requires '%s', whose provider '%s' failed: %s",
                                  p->desc->name, s->decl->name, q->desc->name,
                                  q->failure ? q->failure : "unknown reason");
          return FALSE;
        }
    }
  return TRUE;
}

/* Registers declared capabilities the plugin did not register itself, so
 * marker capabilities (ui:console) need no code. */
static void
register_declared (DeskLoader *loader, DeskPlugin *p)
{
  for (const DeskCapDecl *c = p->desc->provides; c && c->name; c++)
    {
      g_autoptr (GPtrArray) have = desk_registry_lookup_all (loader->registry, c->name);
      gboolean found = FALSE;
      for (guint i = 0; i < have->len && !found; i++)
        found = strcmp (((const DeskProvider *) g_ptr_array_index (have, i))->plugin,
                        p->desc->name) == 0;
      if (!found)
        desk_registry_register (loader->registry, p->desc->name, c->name, c->attrs,
                                c->version, NULL, NULL, NULL);
    }
}

typedef enum { PHASE_INIT, PHASE_START } Phase;

static void stop_one (DeskLoader *loader, DeskPlugin *p);

static gboolean
run_phase (DeskLoader *loader, Phase phase, GError **error)
{
  PluginState want = phase == PHASE_INIT ? PLUGIN_SELECTED : PLUGIN_INITIALISED;
  for (guint i = 0; i < loader->plugins->len; i++)
    {
      DeskPlugin *p = g_ptr_array_index (loader->plugins, i);
      DeskPluginHook hook = phase == PHASE_INIT ? p->desc->init : p->desc->start;
      const char *verb = phase == PHASE_INIT ? "initialise" : "start";
      GError *err = NULL;
      g_autofree char *why = NULL;

      if (p->state != want)
        continue;
      if (!deps_usable (p, &why))
        {
          if (phase == PHASE_START)
            stop_one (loader, p);
          if (!fail_plugin (loader, p, why, DESK_LOADER_ERROR_INIT, error))
            return FALSE;
          continue;
        }
      if (hook && !hook (p, &err))
        {
          why = g_strdup_printf ("plugin '%s' (%s) failed to %s: %s", p->desc->name,
                                 p->file->path, verb,
                                 err ? err->message : "no reason given");
          g_clear_error (&err);
          if (phase == PHASE_START)
            stop_one (loader, p);
          else
            desk_registry_unregister_plugin (loader->registry, p->desc->name);
          p->state = PLUGIN_FAILED; /* its own hooks are done either way */
          if (p->desc->fini && phase == PHASE_START)
            p->desc->fini (p);
          if (p->need == DESK_NEED_REQUIRED)
            {
              g_set_error_literal (error, DESK_LOADER_ERROR,
                                   phase == PHASE_INIT ? DESK_LOADER_ERROR_INIT
                                                       : DESK_LOADER_ERROR_START,
                                   why);
              return FALSE;
            }
          p->failure = g_strdup (why);
          warn (loader, "optional plugin '%s' skipped: %s", p->desc->name, why);
          continue;
        }
      if (phase == PHASE_INIT)
        {
          register_declared (loader, p);
          p->state = PLUGIN_INITIALISED;
        }
      else
        {
          p->state = PLUGIN_STARTED;
          desk_bus_emit (loader->bus, "plugin.started",
                         "name", g_variant_new_string (p->desc->name),
                         "kind", g_variant_new_string (desk_plugin_kind_to_string (p->desc->kind)),
                         NULL);
        }
    }
  return TRUE;
}

gboolean
desk_loader_init_all (DeskLoader *loader, GError **error)
{
  return run_phase (loader, PHASE_INIT, error);
}

gboolean
desk_loader_start_all (DeskLoader *loader, GError **error)
{
  return run_phase (loader, PHASE_START, error);
}

static void
stop_one (DeskLoader *loader, DeskPlugin *p)
{
  if (p->state == PLUGIN_STARTED && p->desc->stop)
    p->desc->stop (p);
  if (p->state == PLUGIN_STARTED)
    p->state = PLUGIN_INITIALISED;
}

void
desk_loader_stop_all (DeskLoader *loader)
{
  for (guint i = loader->plugins->len; i > 0; i--)
    stop_one (loader, g_ptr_array_index (loader->plugins, i - 1));
}

void
desk_loader_fini_all (DeskLoader *loader)
{
  for (guint i = loader->plugins->len; i > 0; i--)
    {
      DeskPlugin *p = g_ptr_array_index (loader->plugins, i - 1);
      stop_one (loader, p);
      if (p->state != PLUGIN_INITIALISED)
        continue;
      if (p->desc->fini)
        p->desc->fini (p);
      desk_registry_unregister_plugin (loader->registry, p->desc->name);
      p->state = PLUGIN_SELECTED;
    }
}

GStrv
desk_loader_list_running (DeskLoader *loader)
{
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  for (guint i = 0; i < loader->plugins->len; i++)
    {
      DeskPlugin *p = g_ptr_array_index (loader->plugins, i);
      if (p->state == PLUGIN_STARTED)
        g_strv_builder_add (b, p->desc->name);
    }
  return g_strv_builder_end (b);
}

/* ---- description (--list-plugins) ---- */

static void
describe_caps (GString *s, const char *label, const DeskCapDecl *caps)
{
  for (const DeskCapDecl *c = caps; c && c->name; c++)
    g_string_append_printf (s, "    %-9s %s v%u%s%s\n", c == caps ? label : "", c->name,
                            c->version, c->attrs ? "  " : "", c->attrs ? c->attrs : "");
}

char *
desk_loader_describe (DeskLoader *loader)
{
  GString *s = g_string_new (NULL);
  g_autofree char *dirs = dirs_text (loader);

  g_string_append_printf (s, "Profile %s\nPlugin path: %s\n\n", loader->profile_desc, dirs);
  g_string_append (s, "Plugins in start order:\n");
  for (guint i = 0; i < loader->plugins->len; i++)
    {
      DeskPlugin *p = g_ptr_array_index (loader->plugins, i);
      g_string_append_printf (s, "  %u. %s %s (%s)%s  %s\n", i + 1, p->desc->name,
                              p->desc->version ? p->desc->version : "",
                              desk_plugin_kind_to_string (p->desc->kind),
                              p->need == DESK_NEED_REQUIRED ? "" : " [optional]",
                              p->file->path);
      if (p->state == PLUGIN_FAILED)
        g_string_append_printf (s, "    SKIPPED: %s\n", p->failure);
      describe_caps (s, "provides", p->desc->provides);
      for (guint j = 0; j < p->satisfied->len; j++)
        {
          Satisfied *sat = g_ptr_array_index (p->satisfied, j);
          g_autoptr (GString) who = g_string_new (NULL);
          for (guint k = 0; k < sat->providers->len; k++)
            g_string_append_printf (who, "%s%s", k ? ", " : "",
                                    ((DeskPlugin *) g_ptr_array_index (sat->providers, k))->desc->name);
          g_string_append_printf (s, "    %-9s %s <- %s\n", sat->hard ? "requires" : "wants",
                                  sat->decl->name, who->len ? who->str : "(nobody; soft)");
        }
    }
  for (guint i = 0, shown = 0; i < loader->files->len; i++)
    {
      DeskPluginFile *f = g_ptr_array_index (loader->files, i);
      if (f->desc && find_selected (loader, f->desc->name) &&
          find_selected (loader, f->desc->name)->file == f)
        continue;
      if (shown++ == 0)
        g_string_append (s, "\nOther files on the plugin path:\n");
      if (f->desc)
        g_string_append_printf (s, "  %s %s (%s, not in this profile)  %s\n", f->desc->name,
                                f->desc->version ? f->desc->version : "",
                                desk_plugin_kind_to_string (f->desc->kind), f->path);
      else
        g_string_append_printf (s, "  unusable: %s\n", f->error->message);
    }
  return g_string_free (s, FALSE);
}
