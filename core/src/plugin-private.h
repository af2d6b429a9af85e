/* The loader's view of a plugin: shared by loader.c and plugin-handle.c. */
#pragma once

#include <gmodule.h>

#include "core-private.h"

/* One shared object found on the plugin path. */
typedef struct {
  char *path;
  char *guess;      /* name guessed from the file name (dp_foo.so -> foo) */
  GModule *module;  /* open while the loader lives */
  const DeskPluginDesc *desc; /* NULL when unusable */
  GError *error;    /* why it is unusable */
} DeskPluginFile;

typedef enum {
  PLUGIN_SELECTED,
  PLUGIN_FAILED,
  PLUGIN_INITIALISED,
  PLUGIN_STARTED,
} PluginState;

/* How one requirement of a plugin was met. */
typedef struct {
  const DeskCapDecl *decl;
  gboolean hard;
  GPtrArray *providers; /* DeskPlugin* */
} Satisfied;

struct _DeskPlugin {
  DeskLoader *loader;
  DeskPluginFile *file;
  const DeskPluginDesc *desc;
  DeskNeed need;
  PluginState state;
  char *log_domain;
  gpointer data;
  GPtrArray *deps;      /* DeskPlugin* this one must follow */
  GPtrArray *satisfied; /* Satisfied* */
  char *failure;        /* why it was skipped */
};

DeskBus *_desk_loader_get_bus (DeskLoader *loader);
DeskRegistry *_desk_loader_get_registry (DeskLoader *loader);
DeskConfig *_desk_loader_get_config (DeskLoader *loader);
void _desk_loader_request_quit (DeskLoader *loader);
