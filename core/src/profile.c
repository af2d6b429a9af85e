/* Product profiles: which plugins make up a phone, which of them may be
 * missing, and product defaults.  Profiles are GKeyFiles:
 *
 *   [product]
 *   name=headless
 *   description=...
 *   [plugins]
 *   console=required      ; or optional, if-exists
 *   [defaults]
 *   phone_label=deskphone
 *
 * The headless profile is also compiled into the executable, so the phone
 * runs with nothing installed. */
#include <string.h>

#include <gio/gio.h>

#include "core-private.h"

#define EMBEDDED_PREFIX "/org/deskphone/core/products/"

static void
entry_free (gpointer p)
{
  DeskProfileEntry *e = p;
  g_free (e->name);
  g_free (e);
}

void
desk_profile_free (DeskProfile *profile)
{
  if (!profile)
    return;
  g_free (profile->name);
  g_free (profile->origin);
  g_free (profile->description);
  g_ptr_array_unref (profile->entries);
  g_ptr_array_unref (profile->defaults);
  g_free (profile);
}

static gboolean
parse_need (const char *v, DeskNeed *need)
{
  if (!g_ascii_strcasecmp (v, "required") || !*v)
    *need = DESK_NEED_REQUIRED;
  else if (!g_ascii_strcasecmp (v, "optional"))
    *need = DESK_NEED_OPTIONAL;
  else if (!g_ascii_strcasecmp (v, "if-exists"))
    *need = DESK_NEED_IF_EXISTS;
  else
    return FALSE;
  return TRUE;
}

static DeskProfile *
parse_profile (const char *origin, const char *data, gsize len, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (DeskProfile) p = g_new0 (DeskProfile, 1);
  g_auto (GStrv) keys = NULL;
  GError *err = NULL;

  p->origin = g_strdup (origin);
  p->entries = g_ptr_array_new_with_free_func (entry_free);
  p->defaults = g_ptr_array_new_with_free_func (g_free);
  if (!g_key_file_load_from_data (kf, data, len, G_KEY_FILE_NONE, &err))
    {
      g_set_error (error, DESK_LOADER_ERROR, DESK_LOADER_ERROR_INVALID,
                   "profile %s is not a valid profile file: %s", origin, err->message);
      g_error_free (err);
      return NULL;
    }
  p->name = g_key_file_get_string (kf, "product", "name", NULL);
  if (!p->name)
    {
      g_autofree char *base = g_path_get_basename (origin);
      char *dot = strrchr (base, '.');
      if (dot)
        *dot = '\0';
      p->name = g_strdup (base);
    }
  p->description = g_key_file_get_string (kf, "product", "description", NULL);
  keys = g_key_file_get_keys (kf, "plugins", NULL, NULL);
  if (!keys || !keys[0])
    {
      g_set_error (error, DESK_LOADER_ERROR, DESK_LOADER_ERROR_INVALID,
                   "profile %s has no [plugins] section naming its plugins", origin);
      return NULL;
    }
  for (int i = 0; keys[i]; i++)
    {
      g_autofree char *v = g_key_file_get_string (kf, "plugins", keys[i], NULL);
      DeskProfileEntry *e = g_new0 (DeskProfileEntry, 1);
      e->name = g_strdup (keys[i]);
      g_ptr_array_add (p->entries, e);
      if (!parse_need (g_strstrip (v), &e->need))
        {
          g_set_error (error, DESK_LOADER_ERROR, DESK_LOADER_ERROR_INVALID,
                       "profile %s: plugin '%s' is marked '%s'; use required, optional or if-exists",
                       origin, keys[i], v);
          return NULL;
        }
    }
  g_strfreev (keys);
  keys = g_key_file_get_keys (kf, "defaults", NULL, NULL);
  for (int i = 0; keys && keys[i]; i++)
    {
      g_ptr_array_add (p->defaults, g_strdup (keys[i]));
      g_ptr_array_add (p->defaults, g_key_file_get_string (kf, "defaults", keys[i], NULL));
    }
  return g_steal_pointer (&p);
}

static DeskProfile *
load_path (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len;
  GError *err = NULL;
  if (!g_file_get_contents (path, &data, &len, &err))
    {
      g_set_error (error, DESK_LOADER_ERROR, DESK_LOADER_ERROR_NOT_FOUND,
                   "cannot read profile: %s", err->message);
      g_error_free (err);
      return NULL;
    }
  return parse_profile (path, data, len, error);
}

DeskProfile *
desk_profile_load (const char *spec, const char *const *dirs, GError **error)
{
  g_autofree char *res_path = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GString) searched = g_string_new (NULL);

  if (strchr (spec, '/') || g_str_has_suffix (spec, ".conf"))
    return load_path (spec, error);
  for (int i = 0; dirs && dirs[i]; i++)
    {
      g_autofree char *file = g_strconcat (spec, ".conf", NULL);
      g_autofree char *path = g_build_filename (dirs[i], file, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return load_path (path, error);
      g_string_append_printf (searched, "%s%s", searched->len ? ", " : "", dirs[i]);
    }
  res_path = g_strconcat (EMBEDDED_PREFIX, spec, ".conf", NULL);
  bytes = g_resources_lookup_data (res_path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes)
    {
      gsize len;
      const char *data = g_bytes_get_data (bytes, &len);
      g_autofree char *origin = g_strdup_printf ("embedded:%s.conf", spec);
      return parse_profile (origin, data, len, error);
    }
  g_set_error (error, DESK_LOADER_ERROR, DESK_LOADER_ERROR_NOT_FOUND,
               "no product profile named '%s' (looked in %s and the embedded profiles); "
               "give a profile file with --profile PATH",
               spec, searched->len ? searched->str : "no directories");
  return NULL;
}
