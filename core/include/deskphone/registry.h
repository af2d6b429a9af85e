/* deskphone capability registry and attribute sets.
 *
 * A provider registers a versioned interface (a struct of function pointers)
 * under a capability name with an attribute set.  Consumers look up by
 * capability, never by plugin name.
 *
 * Attribute syntax: "key=value,value;key=value", e.g.
 *   "rates=8000,16000;channels=1;ptime=10..60;annexb=yes"
 * A value is an integer, an inclusive integer range "lo..hi", or a word
 * (compared without regard to case).  Two sets intersect key by key: a key
 * named by only one side passes through unchanged; a key named by both keeps
 * only the common values, and the intersection fails when none is left.
 * Values are a preference list: the result keeps the order and the spelling
 * of the left-hand set, so intersect (mine, theirs) keeps my preference.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DESK_REGISTRY_ERROR (desk_registry_error_quark ())
GQuark desk_registry_error_quark (void);

typedef enum {
  DESK_REGISTRY_ERROR_SYNTAX,   /* attribute text cannot be parsed */
  DESK_REGISTRY_ERROR_EMPTY,    /* an intersection left a key with no value */
  DESK_REGISTRY_ERROR_EXISTS,   /* capability already registered by the plugin */
  DESK_REGISTRY_ERROR_NOT_FOUND,
  DESK_REGISTRY_ERROR_VERSION,
} DeskRegistryError;

/* ---- attribute sets ---- */

typedef struct _DeskAttrs DeskAttrs;

/* Parses @text (@len bytes, or -1 for NUL-terminated).  NULL or "" gives an
 * empty set.  Returns: (transfer full) or NULL with @error set. */
DeskAttrs *desk_attrs_parse (const char *text, gssize len, GError **error);
DeskAttrs *desk_attrs_copy (const DeskAttrs *attrs);
void desk_attrs_free (DeskAttrs *attrs);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskAttrs, desk_attrs_free)

/* Returns: (transfer full) the intersection of @a and @b, or NULL with
 * DESK_REGISTRY_ERROR_EMPTY naming the first key with no common value. */
DeskAttrs *desk_attrs_intersect (const DeskAttrs *a, const DeskAttrs *b,
                                 GError **error);

gboolean desk_attrs_has_key (const DeskAttrs *attrs, const char *key);
/* Whether integer @value is among @key's values (ranges included). */
gboolean desk_attrs_contains_int (const DeskAttrs *attrs, const char *key,
                                  gint64 value);
/* Whether word @value is among @key's values. */
gboolean desk_attrs_contains_word (const DeskAttrs *attrs, const char *key,
                                   const char *value);
/* The lowest integer of @key, or @fallback when the key is absent or holds
 * no integer. */
gint64 desk_attrs_get_min_int (const DeskAttrs *attrs, const char *key,
                               gint64 fallback);
/* Returns: (transfer full) canonical text of the set, keys sorted. */
char *desk_attrs_to_string (const DeskAttrs *attrs);

/* ---- registry ---- */

typedef struct _DeskRegistry DeskRegistry;

/* One registered provider.  Owned by the registry; valid until the provider
 * is unregistered (its plugin is stopped). */
typedef struct {
  const char *capability;   /* "codec:PCMU" */
  const DeskAttrs *attrs;
  guint version;            /* interface version */
  gconstpointer iface;      /* struct of function pointers, may be NULL */
  gpointer instance;        /* first argument of the interface's functions */
  const char *plugin;       /* name of the providing plugin */
} DeskProvider;

/* Registers @iface under @capability.  Main thread only.
 * @attrs_text: attribute set (may be NULL); @plugin: the owner's name. */
gboolean desk_registry_register (DeskRegistry *registry,
                                 const char *plugin,
                                 const char *capability,
                                 const char *attrs_text,
                                 guint version,
                                 gconstpointer iface,
                                 gpointer instance,
                                 GError **error);

/* Removes every provider registered by @plugin. */
void desk_registry_unregister_plugin (DeskRegistry *registry,
                                      const char *plugin);

/* The first provider of @capability (exact name) whose version is at least
 * @min_version, in registration order.  Returns: (transfer none) or NULL
 * with @error set (DESK_REGISTRY_ERROR_NOT_FOUND or _VERSION). */
const DeskProvider *desk_registry_lookup (DeskRegistry *registry,
                                          const char *capability,
                                          guint min_version,
                                          GError **error);

/* Every provider whose capability matches @pattern ("codec:*" or an exact
 * name), in registration order.  Returns: (transfer container) a
 * GPtrArray of const DeskProvider*. */
GPtrArray *desk_registry_lookup_all (DeskRegistry *registry,
                                     const char *pattern);

/* Whether @capability matches @pattern: exact, "family:*", or "*". */
gboolean desk_capability_matches (const char *pattern, const char *capability);

G_END_DECLS
