/* deskphone configuration store.
 *
 * One schema table (config-schema.c) names every parameter with its type,
 * default, range and description.  Values come in layers, lowest first:
 *   built-in defaults < product profile < SIPDefault.cnf < SIP<MAC>.cnf
 *   < local changes (made on the phone, persisted in the state dir).
 * A file is loaded whole or not at all: one invalid value rejects it with
 * file, line and reason, and the previous contents of that layer stay.
 * Changes to effective values are published on the bus as "config.changed"
 * with payload {"names": as, "source": s}.
 *
 * Parameters that exist once per line are written with N in the schema
 * ("lineN_name") and used with the line number ("line3_name").
 */
#pragma once

#include <glib.h>

#include <deskphone/bus.h>

G_BEGIN_DECLS

#define DESK_CONFIG_ERROR (desk_config_error_quark ())
GQuark desk_config_error_quark (void);

typedef enum {
  DESK_CONFIG_ERROR_SYNTAX,    /* a line that is not "name: value" */
  DESK_CONFIG_ERROR_INVALID,   /* a value outside the parameter's type/range */
  DESK_CONFIG_ERROR_UNKNOWN,   /* a parameter the schema does not know */
  DESK_CONFIG_ERROR_TOO_LARGE, /* file or line over the size limit */
  DESK_CONFIG_ERROR_IO,
} DeskConfigError;

typedef enum {
  DESK_CONFIG_TYPE_STRING,
  DESK_CONFIG_TYPE_INT,    /* decimal, within [min, max] */
  DESK_CONFIG_TYPE_BOOL,   /* 0/1 (also yes/no, true/false, on/off) */
  DESK_CONFIG_TYPE_ENUM,   /* one of a '|' separated list, case-insensitive */
  DESK_CONFIG_TYPE_HOST,   /* IPv4/IPv6 literal or DNS name */
  DESK_CONFIG_TYPE_PORT,   /* 1..65535 (0 allowed when min is 0) */
} DeskConfigType;

typedef enum {
  DESK_CONFIG_FLAG_NONE = 0,
  DESK_CONFIG_FLAG_NEEDS_RESTART = 1 << 0, /* takes effect after restart */
  DESK_CONFIG_FLAG_PER_LINE = 1 << 1,      /* name holds N, lines 1..6 */
  DESK_CONFIG_FLAG_DEVICE_ONLY = 1 << 2,   /* belongs in SIP<MAC>.cnf only */
  DESK_CONFIG_FLAG_SECRET = 1 << 3,        /* never printed in dumps */
  DESK_CONFIG_FLAG_EXTENSION = 1 << 4,     /* deskphone's, not the seeds' */
} DeskConfigFlags;

#define DESK_CONFIG_MAX_LINES 6

/* One schema row. */
typedef struct {
  const char *name;        /* "timer_t1", "lineN_name" */
  DeskConfigType type;
  const char *default_value; /* NULL: unset (empty) */
  gint64 min, max;         /* INT/PORT range; STRING: max = length (0: none) */
  const char *choices;     /* ENUM: "g711ulaw|g711alaw|g729a|none" */
  const char *fallback;    /* when unset: use this parameter's value
                            * ("lineN_name"; N is the same line) */
  DeskConfigFlags flags;
  const char *description; /* one sentence for docs and --config-dump */
} DeskConfigParam;

typedef enum {
  DESK_CONFIG_LAYER_DEFAULT,
  DESK_CONFIG_LAYER_PRODUCT,
  DESK_CONFIG_LAYER_SIPDEFAULT,
  DESK_CONFIG_LAYER_DEVICE,
  DESK_CONFIG_LAYER_LOCAL,
  DESK_CONFIG_N_LAYERS,
} DeskConfigLayer;

/* The schema table, terminated by a row whose name is NULL. */
const DeskConfigParam *desk_config_schema (void);
/* The schema row for @name ("line3_name" finds "lineN_name"), or NULL. */
const DeskConfigParam *desk_config_schema_lookup (const char *name);
const char *desk_config_layer_to_string (DeskConfigLayer layer);

/* Checks @value against @param.  On success stores the canonical form
 * (trimmed, enum choice in schema case) in @canonical if not NULL. */
gboolean desk_config_param_validate (const DeskConfigParam *param,
                                     const char *value, char **canonical,
                                     GError **error);

typedef struct _DeskConfig DeskConfig;

/* @bus may be NULL (no change events).  Returns: (transfer full). */
DeskConfig *desk_config_new (DeskBus *bus);
void desk_config_free (DeskConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskConfig, desk_config_free)

/* Parses @buf (Cisco .cnf syntax) into @layer, replacing the layer.
 * @origin names the source in messages ("SIPDefault.cnf").  Unknown
 * parameters are logged as warnings with origin:line and skipped; any other
 * problem rejects the whole buffer, leaves @layer as it was, and fails with
 * "origin:line: reason".  Lines read leniently (spec M-22: a quote never
 * closed reads to the end of the line; a line without ':' is skipped) are
 * warnings too.  Main thread only. */
gboolean desk_config_load_data (DeskConfig *config, DeskConfigLayer layer,
                                const char *origin, const char *buf,
                                gsize len, GError **error);
/* Same, from a file.  A missing file empties the layer and succeeds. */
gboolean desk_config_load_file (DeskConfig *config, DeskConfigLayer layer,
                                const char *path, GError **error);

/* Warnings (unknown parameters, lenient lines) of the last successful load.
 * Returns: (transfer none) NULL-terminated, may be empty. */
const char *const *desk_config_get_warnings (DeskConfig *config);

/* Sets one value in @layer after validation (NULL removes it).  For
 * DESK_CONFIG_LAYER_LOCAL use desk_config_set_local(), which persists. */
gboolean desk_config_set (DeskConfig *config, DeskConfigLayer layer,
                          const char *name, const char *value,
                          GError **error);

/* Where local changes are persisted; loads what is there (a missing file is
 * fine).  A corrupt file is renamed to PATH.rejected and the local layer
 * starts empty: the call then fails with the reason, but the path is set and
 * later changes are saved there.  The store itself never logs; callers do. */
gboolean desk_config_set_local_path (DeskConfig *config, const char *path,
                                     GError **error);
/* Sets a local change and writes the local file atomically (temporary file,
 * fsync, rename): after a crash the file holds the old or the new set,
 * never a mix.  NULL @value removes the local change. */
gboolean desk_config_set_local (DeskConfig *config, const char *name,
                                const char *value, GError **error);
/* Removes every local change (the seeds' "erase") and persists that. */
gboolean desk_config_clear_local (DeskConfig *config, GError **error);

/* Effective values.  Main thread only.  The string is owned by the store
 * and valid until the next change; @name must be in the schema. */
const char *desk_config_get_string (DeskConfig *config, const char *name);
gint64 desk_config_get_int (DeskConfig *config, const char *name);
gboolean desk_config_get_bool (DeskConfig *config, const char *name);
/* Which layer supplies @name's effective value (DEFAULT when none). */
DeskConfigLayer desk_config_get_source (DeskConfig *config, const char *name);

/* Every concrete parameter name (per-line ones expanded), schema order.
 * Returns: (transfer full). */
GStrv desk_config_list_names (void);

G_END_DECLS
