/* The layered configuration store: schema lookup and validation, layers,
 * typed getters, change events and the atomically persisted local layer.
 *
 * A layer is a table name -> canonical value.  Loading a file builds a new
 * table first and swaps it in only when every line was valid, which is what
 * keeps the last good configuration in force after a bad file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "core-private.h"

G_DEFINE_QUARK (desk-config-error-quark, desk_config_error)

struct _DeskConfig {
  DeskBus *bus;
  GHashTable *layers[DESK_CONFIG_N_LAYERS]; /* name -> value */
  GHashTable *cache;                        /* name -> effective value */
  GPtrArray *warnings;                      /* char*, NULL-terminated */
  char *local_path;
};

static const char *const layer_names[] = {
  "default", "product", "SIPDefault.cnf", "SIP<MAC>.cnf", "local",
};

const char *
desk_config_layer_to_string (DeskConfigLayer layer)
{
  g_return_val_if_fail (layer < DESK_CONFIG_N_LAYERS, "?");
  return layer_names[layer];
}

/* ---- schema lookup ---- */

static GHashTable *
schema_index (void)
{
  static gsize index;
  if (g_once_init_enter (&index))
    {
      GHashTable *t = g_hash_table_new (g_str_hash, g_str_equal);
      for (const DeskConfigParam *p = desk_config_schema (); p->name; p++)
        g_hash_table_insert (t, (gpointer) p->name, (gpointer) p);
      g_once_init_leave (&index, (gsize) t);
    }
  return (GHashTable *) index;
}

/* For "line3_name" writes "lineN_name" into @tmpl and returns 3; else 0. */
static int
line_template (const char *name, char *tmpl, gsize size)
{
  const char *d = name;
  while (*d && !g_ascii_isdigit (*d))
    d++;
  if (!*d || d == name || g_ascii_isdigit (d[1]) || *d < '1' ||
      *d > '0' + DESK_CONFIG_MAX_LINES || strlen (name) >= size)
    return 0;
  memcpy (tmpl, name, strlen (name) + 1);
  tmpl[d - name] = 'N';
  return *d - '0';
}

static const DeskConfigParam *
lookup_line (const char *name, int *line)
{
  const DeskConfigParam *p = g_hash_table_lookup (schema_index (), name);
  char tmpl[128];
  int n;

  *line = 0;
  if (p)
    return (p->flags & DESK_CONFIG_FLAG_PER_LINE) ? NULL : p;
  n = line_template (name, tmpl, sizeof tmpl);
  if (!n)
    return NULL;
  p = g_hash_table_lookup (schema_index (), tmpl);
  if (!p || !(p->flags & DESK_CONFIG_FLAG_PER_LINE))
    return NULL;
  *line = n;
  return p;
}

const DeskConfigParam *
desk_config_schema_lookup (const char *name)
{
  int line;
  g_return_val_if_fail (name, NULL);
  return lookup_line (name, &line);
}

/* Every concrete name, schema order; built once. */
static const char *const *
all_names (void)
{
  static gsize names;
  if (g_once_init_enter (&names))
    {
      GStrvBuilder *b = g_strv_builder_new ();
      for (const DeskConfigParam *p = desk_config_schema (); p->name; p++)
        {
          if (!(p->flags & DESK_CONFIG_FLAG_PER_LINE))
            {
              g_strv_builder_add (b, p->name);
              continue;
            }
          for (int n = 1; n <= DESK_CONFIG_MAX_LINES; n++)
            {
              g_autofree char *s = g_strdup (p->name);
              *strchr (s, 'N') = '0' + n;
              g_strv_builder_add (b, s);
            }
        }
      g_once_init_leave (&names, (gsize) g_strv_builder_end (b));
      g_strv_builder_unref (b);
    }
  return (const char *const *) names;
}

GStrv
desk_config_list_names (void)
{
  return g_strdupv ((char **) all_names ());
}

/* ---- validation ---- */

static gboolean
invalid (GError **error, const DeskConfigParam *param, const char *name,
         const char *value, const char *fmt, ...) G_GNUC_PRINTF (5, 6);

/* @name is the concrete name ("proxy3_address"), which the user wrote. */
static gboolean
invalid (GError **error, const DeskConfigParam *param, const char *name,
         const char *value, const char *fmt, ...)
{
  va_list ap;
  g_autofree char *why = NULL;
  va_start (ap, fmt);
  why = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  if (param->flags & DESK_CONFIG_FLAG_SECRET)
    g_set_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_INVALID,
                 "%s: the value is not valid: %s", name, why);
  else
    g_set_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_INVALID,
                 "%s '%s' is not valid: %s", name, value, why);
  return FALSE;
}

static gboolean
parse_bool (const char *v, gboolean *out)
{
  static const char *const yes[] = { "1", "yes", "true", "on", NULL };
  static const char *const no[] = { "0", "no", "false", "off", NULL };
  for (int i = 0; yes[i]; i++)
    {
      if (g_ascii_strcasecmp (v, yes[i]) == 0)
        return *out = TRUE, TRUE;
      if (g_ascii_strcasecmp (v, no[i]) == 0)
        return *out = FALSE, TRUE;
    }
  return FALSE;
}

static gboolean
valid_host (const char *v)
{
  g_auto (GStrv) labels = NULL;
  if (g_hostname_is_ip_address (v))
    return TRUE;
  if (strlen (v) > 253)
    return FALSE;
  labels = g_strsplit (v, ".", -1);
  for (int i = 0; labels[i]; i++)
    {
      const char *l = labels[i];
      size_t n = strlen (l);
      if (n == 0 && labels[i + 1] == NULL && i > 0)
        continue; /* trailing dot */
      if (n == 0 || n > 63 || l[0] == '-' || l[n - 1] == '-')
        return FALSE;
      for (const char *c = l; *c; c++)
        if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_')
          return FALSE;
    }
  return TRUE;
}

static gboolean
validate_named (const DeskConfigParam *param, const char *name, const char *value,
                char **canonical, GError **error)
{
  g_autofree char *v = g_strstrip (g_strdup (value));
  gint64 n;
  gboolean b;

  if (*v == '\0')
    goto ok; /* P-33: an empty value clears the parameter */
  switch (param->type)
    {
    case DESK_CONFIG_TYPE_STRING:
      if (param->max > 0 && g_utf8_strlen (v, -1) > param->max)
        return invalid (error, param, name, value, "at most %" G_GINT64_FORMAT " characters",
                        param->max);
      break;
    case DESK_CONFIG_TYPE_INT:
    case DESK_CONFIG_TYPE_PORT:
      {
        gint64 min = param->min, max = param->max;
        if (param->type == DESK_CONFIG_TYPE_PORT && min == 0 && max == 0)
          min = 1, max = 65535;
        if (!g_ascii_string_to_signed (v, 10, G_MININT64, G_MAXINT64, &n, NULL))
          return invalid (error, param, name, value, "expected a whole number");
        if ((min || max) && (n < min || n > max))
          return invalid (error, param, name, value,
                          "expected %" G_GINT64_FORMAT "..%" G_GINT64_FORMAT, min, max);
        g_free (v);
        v = g_strdup_printf ("%" G_GINT64_FORMAT, n);
        break;
      }
    case DESK_CONFIG_TYPE_BOOL:
      if (!parse_bool (v, &b))
        return invalid (error, param, name, value, "expected 0 or 1");
      g_free (v);
      v = g_strdup (b ? "1" : "0");
      break;
    case DESK_CONFIG_TYPE_ENUM:
      {
        g_auto (GStrv) choices = g_strsplit (param->choices ? param->choices : "", "|", -1);
        gboolean found = FALSE;
        for (int i = 0; choices[i] && !found; i++)
          if (g_ascii_strcasecmp (choices[i], v) == 0)
            {
              g_free (v);
              v = g_strdup (choices[i]);
              found = TRUE;
            }
        if (!found)
          {
            g_autofree char *list = g_strjoinv (", ", choices);
            return invalid (error, param, name, value, "expected one of %s", list);
          }
        break;
      }
    case DESK_CONFIG_TYPE_HOST:
      if (!valid_host (v))
        return invalid (error, param, name, value, "not an IP address or host name");
      break;
    default:
      g_assert_not_reached ();
    }
ok:
  if (canonical)
    *canonical = g_steal_pointer (&v);
  return TRUE;
}

gboolean
desk_config_param_validate (const DeskConfigParam *param, const char *value,
                            char **canonical, GError **error)
{
  return validate_named (param, param->name, value, canonical, error);
}

/* ---- the store ---- */

DeskConfig *
desk_config_new (DeskBus *bus)
{
  DeskConfig *c = g_new0 (DeskConfig, 1);
  c->bus = bus;
  for (int i = 0; i < DESK_CONFIG_N_LAYERS; i++)
    c->layers[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  c->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  c->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (c->warnings, NULL);
  return c;
}

void
desk_config_free (DeskConfig *config)
{
  if (!config)
    return;
  for (int i = 0; i < DESK_CONFIG_N_LAYERS; i++)
    g_hash_table_unref (config->layers[i]);
  g_hash_table_unref (config->cache);
  g_ptr_array_unref (config->warnings);
  g_free (config->local_path);
  g_free (config);
}

static gboolean
is_text_type (const DeskConfigParam *p)
{
  return p->type == DESK_CONFIG_TYPE_STRING || p->type == DESK_CONFIG_TYPE_HOST;
}

/* Effective value of @name and the layer that supplies it. */
static const char *
resolve (DeskConfig *config, const char *name, DeskConfigLayer *source, int depth)
{
  int line;
  const DeskConfigParam *p = lookup_line (name, &line);

  *source = DESK_CONFIG_LAYER_DEFAULT;
  if (!p)
    return NULL;
  for (int l = DESK_CONFIG_N_LAYERS - 1; l > DESK_CONFIG_LAYER_DEFAULT; l--)
    {
      const char *v = g_hash_table_lookup (config->layers[l], name);
      if (!v)
        continue;
      *source = l;
      if (*v || is_text_type (p))
        return v;
      return p->default_value ? p->default_value : "";
    }
  if (p->fallback && depth < 4)
    {
      char fb[128];
      DeskConfigLayer fsrc;
      const char *v;
      g_strlcpy (fb, p->fallback, sizeof fb);
      if (line && strchr (fb, 'N'))
        *strchr (fb, 'N') = '0' + line;
      if (strcmp (fb, name) != 0 && (v = resolve (config, fb, &fsrc, depth + 1)) &&
          (*v || !p->default_value))
        {
          *source = fsrc;
          return v;
        }
    }
  return p->default_value ? p->default_value : "";
}

static GHashTable *
copy_table (GHashTable *t)
{
  GHashTable *c = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init (&it, t);
  while (g_hash_table_iter_next (&it, &k, &v))
    g_hash_table_insert (c, g_strdup (k), g_strdup (v));
  return c;
}

/* The concrete names whose effective value may differ when a layer goes
 * from @a to @b: those whose entry differs between them, plus, transitively, those that
 * fall back to one of them ("line2_shortname" follows "line2_name"). */
static GPtrArray *
affected_names (GHashTable *a, GHashTable *b)
{
  g_autoptr (GHashTable) set = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  const char *const *names = all_names ();
  GHashTableIter it;
  gpointer k;
  gboolean grew = TRUE;

  /* Only entries that differ between the two tables can change anything. */
  for (GHashTable *t = a; t; t = (t == a && b != a) ? b : NULL)
    {
      GHashTable *other = t == a ? b : a;
      gpointer v;
      g_hash_table_iter_init (&it, t);
      while (g_hash_table_iter_next (&it, &k, &v))
        if (!g_hash_table_contains (set, k) &&
            g_strcmp0 (v, g_hash_table_lookup (other, k)) != 0)
          {
            char *copy = g_strdup (k);
            g_ptr_array_add (out, copy);
            g_hash_table_add (set, copy);
          }
    }
  if (out->len == 0)
    return out;
  for (int round = 0; grew && round < 4; round++)
    {
      grew = FALSE;
      for (int i = 0; names[i]; i++)
        {
          int line;
          const DeskConfigParam *p = lookup_line (names[i], &line);
          char fb[128];
          if (!p->fallback || g_hash_table_contains (set, names[i]))
            continue;
          g_strlcpy (fb, p->fallback, sizeof fb);
          if (line && strchr (fb, 'N'))
            *strchr (fb, 'N') = '0' + line;
          if (g_hash_table_contains (set, fb))
            {
              char *copy = g_strdup (names[i]);
              g_ptr_array_add (out, copy);
              g_hash_table_add (set, copy);
              grew = TRUE;
            }
        }
    }
  return out;
}

/* Effective values of @names, NULL for names outside the schema. */
static GPtrArray *
values_of (DeskConfig *config, GPtrArray *names)
{
  GPtrArray *vals = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < names->len; i++)
    {
      DeskConfigLayer src;
      g_ptr_array_add (vals, g_strdup (resolve (config, g_ptr_array_index (names, i), &src, 0)));
    }
  return vals;
}

/* Swaps @table in as @layer and publishes config.changed with the names
 * whose effective value changed.  Takes @table. */
static void
replace_layer (DeskConfig *config, DeskConfigLayer layer, GHashTable *table)
{
  g_autoptr (GPtrArray) names = affected_names (config->layers[layer], table);
  g_autoptr (GPtrArray) before = values_of (config, names);
  g_autoptr (GPtrArray) after = NULL;
  g_autoptr (GStrvBuilder) changed = g_strv_builder_new ();
  g_auto (GStrv) list = NULL;
  const char *const *all = all_names ();
  g_autoptr (GHashTable) diff = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_unref (config->layers[layer]);
  config->layers[layer] = table;
  after = values_of (config, names);
  /* Report in schema order, whatever order the tables had. */
  for (guint j = 0; j < names->len; j++)
    if (g_strcmp0 (g_ptr_array_index (before, j), g_ptr_array_index (after, j)) != 0)
      g_hash_table_add (diff, g_ptr_array_index (names, j));
  for (int i = 0; all[i] && g_hash_table_size (diff); i++)
    if (g_hash_table_contains (diff, all[i]))
      g_strv_builder_add (changed, all[i]);
  list = g_strv_builder_end (changed);
  if (list[0] && config->bus)
    desk_bus_emit (config->bus, "config.changed",
                   "names", g_variant_new_strv ((const char *const *) list, -1),
                   "source", g_variant_new_string (desk_config_layer_to_string (layer)), NULL);
}

typedef struct {
  const char *origin;
  GHashTable *table;
  GPtrArray *warnings;
  GError *error;
} LoadCtx;

static void
load_entry (const char *name, const char *value, guint line, gpointer data)
{
  LoadCtx *ctx = data;
  const DeskConfigParam *p;
  char *canonical = NULL;
  GError *err = NULL;

  if (ctx->error)
    return;
  p = desk_config_schema_lookup (name);
  if (!p)
    {
      g_ptr_array_add (ctx->warnings,
                       g_strdup_printf ("%s:%u: unknown parameter '%s' ignored",
                                        ctx->origin, line, name));
      return;
    }
  if (!validate_named (p, name, value, &canonical, &err))
    {
      g_set_error (&ctx->error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_INVALID,
                   "%s:%u: %s", ctx->origin, line, err->message);
      g_error_free (err);
      return;
    }
  g_hash_table_replace (ctx->table, g_strdup (name), canonical);
}

static void
set_warnings (DeskConfig *config, GPtrArray *warnings)
{
  g_ptr_array_set_size (config->warnings, 0);
  for (guint i = 0; i < warnings->len; i++)
    g_ptr_array_add (config->warnings, g_strdup (g_ptr_array_index (warnings, i)));
  g_ptr_array_add (config->warnings, NULL);
}

/* Parses into a fresh table; NULL on any error. */
static GHashTable *
parse_to_table (const char *origin, const char *buf, gsize len,
                GPtrArray *warnings, GError **error)
{
  LoadCtx ctx = { origin, NULL, warnings, NULL };
  ctx.table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!desk_cnf_parse_full (origin, buf, len, load_entry, &ctx, warnings, error))
    {
      g_clear_error (&ctx.error);
      g_hash_table_unref (ctx.table);
      return NULL;
    }
  if (ctx.error)
    {
      g_propagate_error (error, ctx.error);
      g_hash_table_unref (ctx.table);
      return NULL;
    }
  return ctx.table;
}

gboolean
desk_config_load_data (DeskConfig *config, DeskConfigLayer layer,
                       const char *origin, const char *buf, gsize len,
                       GError **error)
{
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  GHashTable *table;

  g_return_val_if_fail (config && layer < DESK_CONFIG_N_LAYERS, FALSE);
  table = parse_to_table (origin, buf, len, warnings, error);
  if (!table)
    return FALSE;
  set_warnings (config, warnings);
  replace_layer (config, layer, table);
  return TRUE;
}

gboolean
desk_config_load_file (DeskConfig *config, DeskConfigLayer layer,
                       const char *path, GError **error)
{
  g_autofree char *buf = NULL;
  gsize len = 0;
  GError *err = NULL;
  GStatBuf st;

  if (g_stat (path, &st) == 0 && st.st_size > DESK_CNF_MAX_FILE)
    {
      g_set_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_TOO_LARGE,
                   "%s:1: the file is %lld bytes; the limit is %d", path,
                   (long long) st.st_size, DESK_CNF_MAX_FILE);
      return FALSE;
    }
  if (!g_file_get_contents (path, &buf, &len, &err))
    {
      if (g_error_matches (err, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_error_free (err);
          replace_layer (config, layer,
                         g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free));
          return TRUE;
        }
      g_set_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_IO, "%s", err->message);
      g_error_free (err);
      return FALSE;
    }
  return desk_config_load_data (config, layer, path, buf, len, error);
}

const char *const *
desk_config_get_warnings (DeskConfig *config)
{
  return (const char *const *) config->warnings->pdata;
}

static gboolean
check_name (const char *name, const DeskConfigParam **param, GError **error)
{
  *param = desk_config_schema_lookup (name);
  if (!*param)
    {
      g_set_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_UNKNOWN,
                   "unknown parameter '%s'", name);
      return FALSE;
    }
  return TRUE;
}

gboolean
desk_config_set (DeskConfig *config, DeskConfigLayer layer, const char *name,
                 const char *value, GError **error)
{
  const DeskConfigParam *p;
  g_autofree char *lname = NULL;
  char *canonical = NULL;
  GHashTable *next;

  g_return_val_if_fail (config && name && layer < DESK_CONFIG_N_LAYERS, FALSE);
  lname = g_ascii_strdown (name, -1);
  if (!check_name (lname, &p, error))
    return FALSE;
  if (value && !validate_named (p, lname, value, &canonical, error))
    return FALSE;
  next = copy_table (config->layers[layer]);
  if (canonical)
    g_hash_table_replace (next, g_steal_pointer (&lname), canonical);
  else
    g_hash_table_remove (next, lname);
  replace_layer (config, layer, next);
  return TRUE;
}

/* ---- local layer persistence ---- */

static char *
quote_value (const char *name, const char *v, GError **error)
{
  gboolean plain = *v != '\0';
  for (const char *c = v; *c && plain; c++)
    if (g_ascii_isspace (*c) || strchr ("\"';#", *c))
      plain = FALSE;
  if (plain)
    return g_strdup (v);
  if (!strchr (v, '"'))
    return g_strdup_printf ("\"%s\"", v);
  if (!strchr (v, '\''))
    return g_strdup_printf ("'%s'", v);
  g_set_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_INVALID,
               "%s: a value cannot hold both ' and \" quotes", name);
  return NULL;
}

static int
cmp_strp (const void *a, const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
write_local (DeskConfig *config, GHashTable *table, GError **error)
{
  g_autoptr (GString) s = g_string_new (
      "# deskphone local settings: changes made on the phone.\n"
      "# Written by deskphone; same syntax as SIPDefault.cnf.\n");
  g_autofree const char **keys = NULL;
  guint n_keys = 0;
  g_autofree char *dir = NULL;
  GError *err = NULL;

  if (!config->local_path)
    {
      g_set_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_IO,
                   "no state directory: local changes cannot be saved");
      return FALSE;
    }
  keys = (const char **) g_hash_table_get_keys_as_array (table, &n_keys);
  qsort (keys, n_keys, sizeof *keys, cmp_strp);
  for (guint i = 0; i < n_keys; i++)
    {
      const char *k = keys[i];
      g_autofree char *q = quote_value (k, g_hash_table_lookup (table, k), error);
      if (!q)
        return FALSE;
      g_string_append_printf (s, "%s: %s\n", k, q);
    }
  dir = g_path_get_dirname (config->local_path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_IO,
                   "cannot create %s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  /* GLib writes a temporary file, fsyncs it and renames it over the old one. */
  if (!g_file_set_contents_full (config->local_path, s->str, s->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT |
                                     G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &err))
    {
      g_set_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_IO, "%s", err->message);
      g_error_free (err);
      return FALSE;
    }
  return TRUE;
}

/* A crash in the middle of a save leaves GLib's temporary file
 * ("local.cnf.XXXXXX") behind; the state dir belongs to one phone, so any
 * such file at start-up is debris. */
static void
remove_stale_temporaries (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  size_t n = strlen (base);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      gboolean tmp = strncmp (name, base, n) == 0 && name[n] == '.' && strlen (name + n + 1) == 6;
      for (const char *c = name + n + 1; tmp && *c; c++)
        tmp = g_ascii_isalnum (*c);
      if (tmp)
        {
          g_autofree char *full = g_build_filename (dir, name, NULL);
          g_unlink (full);
        }
    }
}

gboolean
desk_config_set_local_path (DeskConfig *config, const char *path, GError **error)
{
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *buf = NULL;
  gsize len = 0;
  GHashTable *table;
  GError *err = NULL;

  g_free (config->local_path);
  config->local_path = g_strdup (path);
  remove_stale_temporaries (path);
  if (!g_file_get_contents (path, &buf, &len, &err))
    {
      gboolean missing = g_error_matches (err, G_FILE_ERROR, G_FILE_ERROR_NOENT);
      if (!missing)
        g_set_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_IO, "%s", err->message);
      g_error_free (err);
      return missing;
    }
  table = parse_to_table (path, buf, len, warnings, error);
  if (!table)
    {
      /* Keep the bad file for inspection, start with no local changes. */
      g_autofree char *aside = g_strconcat (path, ".rejected", NULL);
      g_rename (path, aside);
      g_prefix_error (error, "local settings rejected (kept as %s): ", aside);
      replace_layer (config, DESK_CONFIG_LAYER_LOCAL,
                     g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free));
      return FALSE;
    }
  set_warnings (config, warnings);
  replace_layer (config, DESK_CONFIG_LAYER_LOCAL, table);
  return TRUE;
}

gboolean
desk_config_set_local (DeskConfig *config, const char *name, const char *value,
                       GError **error)
{
  const DeskConfigParam *p;
  g_autofree char *lname = g_ascii_strdown (name, -1);
  g_autofree char *canonical = NULL;
  g_autoptr (GHashTable) next = NULL;

  if (!check_name (lname, &p, error))
    return FALSE;
  if (value && !validate_named (p, lname, value, &canonical, error))
    return FALSE;
  /* Write the new set first; the store changes only once it is on disk. */
  next = copy_table (config->layers[DESK_CONFIG_LAYER_LOCAL]);
  if (canonical)
    g_hash_table_replace (next, g_strdup (lname), g_strdup (canonical));
  else
    g_hash_table_remove (next, lname);
  if (!write_local (config, next, error))
    return FALSE;
  replace_layer (config, DESK_CONFIG_LAYER_LOCAL, g_steal_pointer (&next));
  return TRUE;
}

gboolean
desk_config_clear_local (DeskConfig *config, GError **error)
{
  GHashTable *empty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!write_local (config, empty, error))
    {
      g_hash_table_unref (empty);
      return FALSE;
    }
  replace_layer (config, DESK_CONFIG_LAYER_LOCAL, empty);
  return TRUE;
}

/* ---- getters ---- */

const char *
desk_config_get_string (DeskConfig *config, const char *name)
{
  DeskConfigLayer src;
  const char *v = resolve (config, name, &src, 0);
  if (!v)
    {
      g_critical ("desk_config_get_string: '%s' is not in the schema", name);
      return "";
    }
  /* Keep a copy so the pointer stays valid until the next change. */
  if (g_strcmp0 (g_hash_table_lookup (config->cache, name), v) != 0)
    g_hash_table_replace (config->cache, g_strdup (name), g_strdup (v));
  return g_hash_table_lookup (config->cache, name);
}

gint64
desk_config_get_int (DeskConfig *config, const char *name)
{
  const char *v = desk_config_get_string (config, name);
  gint64 n = 0;
  gboolean b;
  if (parse_bool (v, &b) && !g_ascii_isdigit (*v))
    return b;
  g_ascii_string_to_signed (v, 10, G_MININT64, G_MAXINT64, &n, NULL);
  return n;
}

gboolean
desk_config_get_bool (DeskConfig *config, const char *name)
{
  const char *v = desk_config_get_string (config, name);
  gboolean b = FALSE;
  if (!parse_bool (v, &b))
    {
      gint64 n = 0;
      g_ascii_string_to_signed (v, 10, G_MININT64, G_MAXINT64, &n, NULL);
      b = n != 0;
    }
  return b;
}

DeskConfigLayer
desk_config_get_source (DeskConfig *config, const char *name)
{
  DeskConfigLayer src;
  resolve (config, name, &src, 0);
  return src;
}
