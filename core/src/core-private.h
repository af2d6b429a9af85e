/* Core-internal declarations shared between the core's own files and its
 * unit tests.  Not part of the installed SDK. */
#pragma once

#include <deskphone/deskphone.h>

G_BEGIN_DECLS

DeskRegistry *desk_registry_new (void);
void desk_registry_free (DeskRegistry *registry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskRegistry, desk_registry_free)

/* Calls @func for each provider, registration order. */
void desk_registry_foreach (DeskRegistry *registry,
                            void (*func) (const DeskProvider *p, gpointer data),
                            gpointer data);

/* Parse one .cnf buffer into name -> value (names lower-cased, values
 * unquoted).  See config-parse.c. */
typedef void (*DeskCnfEntryFunc) (const char *name, const char *value,
                                  guint line, gpointer data);
gboolean desk_cnf_parse (const char *origin, const char *buf, gsize len,
                         DeskCnfEntryFunc func, gpointer data, GError **error);
/* Same; lines it reads leniently (an unclosed quote, a line with no ':')
 * add a "origin:line: ..." message to @warnings (char*, may be NULL). */
gboolean desk_cnf_parse_full (const char *origin, const char *buf, gsize len,
                              DeskCnfEntryFunc func, gpointer data,
                              GPtrArray *warnings, GError **error);

/* GCompareFunc for a GPtrArray of strings (g_ptr_array_sort). */
gint desk_strp_cmp (gconstpointer a, gconstpointer b);

#define DESK_CNF_MAX_FILE (1024 * 1024)
#define DESK_CNF_MAX_LINE 4096

G_END_DECLS

G_BEGIN_DECLS

/* ---- product profiles (profile.c) ---- */

typedef enum {
  DESK_NEED_REQUIRED,  /* failure stops start-up */
  DESK_NEED_OPTIONAL,  /* failure is a warning */
  DESK_NEED_IF_EXISTS, /* absence is silent, a failure a warning */
} DeskNeed;

typedef struct {
  char *name;
  DeskNeed need;
} DeskProfileEntry;

typedef struct {
  char *name;
  char *origin;      /* file path, or "embedded" */
  char *description;
  GPtrArray *entries;  /* DeskProfileEntry*, file order */
  GPtrArray *defaults; /* char* pairs: name, value, name, value... */
} DeskProfile;

/* @spec: a profile name (searched in @dirs, then the embedded ones) or a
 * path (contains '/' or ends in ".conf").  Returns: (transfer full). */
DeskProfile *desk_profile_load (const char *spec, const char *const *dirs,
                                GError **error);
void desk_profile_free (DeskProfile *profile);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskProfile, desk_profile_free)

/* ---- the loader (loader.c) ---- */

typedef struct _DeskLoader DeskLoader;

#define DESK_LOADER_ERROR (desk_loader_error_quark ())
GQuark desk_loader_error_quark (void);
typedef enum {
  DESK_LOADER_ERROR_NOT_FOUND,
  DESK_LOADER_ERROR_ABI,
  DESK_LOADER_ERROR_NO_DESCRIPTOR,
  DESK_LOADER_ERROR_DUPLICATE,
  DESK_LOADER_ERROR_MISSING_CAPABILITY,
  DESK_LOADER_ERROR_CYCLE,
  DESK_LOADER_ERROR_INIT,
  DESK_LOADER_ERROR_START,
  DESK_LOADER_ERROR_INVALID,
} DeskLoaderError;

DeskLoader *desk_loader_new (DeskBus *bus, DeskRegistry *registry,
                             DeskConfig *config);
void desk_loader_free (DeskLoader *loader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskLoader, desk_loader_free)

void desk_loader_add_dir (DeskLoader *loader, const char *dir);
const char *const *desk_loader_get_dirs (DeskLoader *loader);
/* Opens every *.so in the directories and reads its descriptor. */
void desk_loader_scan (DeskLoader *loader);
/* Picks the profile's plugins and orders them by the capability graph. */
gboolean desk_loader_resolve (DeskLoader *loader, const DeskProfile *profile,
                              GError **error);
gboolean desk_loader_init_all (DeskLoader *loader, GError **error);
gboolean desk_loader_start_all (DeskLoader *loader, GError **error);
void desk_loader_stop_all (DeskLoader *loader);
void desk_loader_fini_all (DeskLoader *loader);
/* Warnings from skipped optional plugins etc. (NULL-terminated). */
const char *const *desk_loader_get_warnings (DeskLoader *loader);
/* Human-readable resolved graph (--list-plugins). */
char *desk_loader_describe (DeskLoader *loader);
/* Names of the plugins running, start order.  (transfer full) */
GStrv desk_loader_list_running (DeskLoader *loader);
void desk_loader_set_quit_func (DeskLoader *loader, GSourceFunc func,
                                gpointer data);

G_END_DECLS
