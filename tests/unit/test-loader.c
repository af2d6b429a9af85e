/* Tests of the plugin loader and the deskphone command line, run against the
 * real executable and the real test plugins of tests/plugins/.  Each loader
 * failure mode has a test that checks the exit status and that the message
 * names what is wrong and what would fix it. */
#include <signal.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "desk-test.h"

typedef struct {
  char *dir;      /* temp dir for this test */
  char *record;   /* TP_RECORD_FILE */
  int status;     /* exit status, -1 if killed */
  char *out, *err;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("deskphone-loader-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->record = g_build_filename (f->dir, "record.txt", NULL);
  g_setenv ("TP_RECORD_FILE", f->record, TRUE);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  desk_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->record);
  g_free (f->out);
  g_free (f->err);
}

static char *
write_file (Fixture *f, const char *name, const char *text)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static char *
profile (Fixture *f, const char *plugins)
{
  g_autofree char *text = g_strdup_printf ("[product]\nname=test\n[plugins]\n%s", plugins);
  return write_file (f, "test.conf", text);
}

/* argv for deskphone with the test plugin dir, a private state dir and
 * config dir, then @extra. */
static GPtrArray *
phone_argv (Fixture *f, const char *profile_path, const char *const *extra)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cfg = g_build_filename (f->dir, "cfg", NULL);
  g_autofree char *state = g_build_filename (f->dir, "state", NULL);
  g_mkdir_with_parents (cfg, 0700);
  g_ptr_array_add (argv, g_strdup (g_getenv ("DESKPHONE_EXE")));
  if (profile_path)
    {
      g_ptr_array_add (argv, g_strdup ("--profile"));
      g_ptr_array_add (argv, g_strdup (profile_path));
    }
  g_ptr_array_add (argv, g_strdup ("--plugin-path"));
  g_ptr_array_add (argv, g_strdup (g_getenv ("DESKPHONE_TEST_PLUGIN_DIR")));
  g_ptr_array_add (argv, g_strconcat ("--state-dir=", state, NULL));
  g_ptr_array_add (argv, g_strconcat ("--config-dir=", cfg, NULL));
  g_ptr_array_add (argv, g_strdup ("--mac=001646C0FFEE"));
  for (int i = 0; extra && extra[i]; i++)
    g_ptr_array_add (argv, g_strdup (extra[i]));
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* Runs deskphone to completion (for --check, --list-plugins and start-up
 * failures), at most 30 s. */
static void
run_sync (Fixture *f, const char *profile_path, const char *const *extra)
{
  g_autoptr (GPtrArray) argv = phone_argv (f, profile_path, extra);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) p = NULL;

  /* timeout(1) bounds a hung phone; its status 137 then fails the test. */
  g_ptr_array_insert (argv, 0, g_strdup ("timeout"));
  g_ptr_array_insert (argv, 1, g_strdup ("-s"));
  g_ptr_array_insert (argv, 2, g_strdup ("KILL"));
  g_ptr_array_insert (argv, 3, g_strdup ("30"));
  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  p = g_subprocess_newv ((const char *const *) argv->pdata,
                         G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                             G_SUBPROCESS_FLAGS_STDIN_INHERIT,
                         &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (p, NULL, NULL, &f->out, &f->err, &error);
  g_assert_no_error (error);
  f->status = g_subprocess_get_if_exited (p) ? g_subprocess_get_exit_status (p) : -1;
}

static gboolean
file_contains (const char *path, const char *needle)
{
  g_autofree char *text = NULL;
  return g_file_get_contents (path, &text, NULL, NULL) && strstr (text, needle);
}

/* Starts deskphone, waits until @ready appears in its stderr, sends
 * @signum, and waits for it to exit; at most 20 s in all. */
static void
run_until_ready (Fixture *f, const char *profile_path, const char *const *extra,
                 const char *ready, int signum)
{
  g_autoptr (GPtrArray) argv = phone_argv (f, profile_path, extra);
  g_autoptr (GSubprocessLauncher) l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  g_autoptr (GSubprocess) p = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *errpath = g_build_filename (f->dir, "stderr.txt", NULL);
  g_autofree char *outpath = g_build_filename (f->dir, "stdout.txt", NULL);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_subprocess_launcher_set_stderr_file_path (l, errpath);
  g_subprocess_launcher_set_stdout_file_path (l, outpath);
  p = g_subprocess_launcher_spawnv (l, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  while (!file_contains (errpath, ready))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *e = NULL;
          g_file_get_contents (errpath, &e, NULL, NULL);
          g_subprocess_force_exit (p);
          g_error ("deskphone did not print '%s' within 20 s; stderr:\n%s", ready, e);
        }
      /* It may have exited early: then the wait below reports it. */
      if (g_subprocess_get_identifier (p) == NULL)
        break;
      g_usleep (10000);
    }
  if (g_subprocess_get_identifier (p))
    g_subprocess_send_signal (p, signum);
  g_subprocess_wait (p, NULL, &error);
  g_assert_no_error (error);
  f->status = g_subprocess_get_if_exited (p) ? g_subprocess_get_exit_status (p) : -1;
  g_clear_pointer (&f->err, g_free);
  g_clear_pointer (&f->out, g_free);
  g_file_get_contents (errpath, &f->err, NULL, NULL);
  g_file_get_contents (outpath, &f->out, NULL, NULL);
}

static char *
record (Fixture *f)
{
  char *text = NULL;
  if (!g_file_get_contents (f->record, &text, NULL, NULL))
    text = g_strdup ("");
  return text;
}

#define assert_err_has(f, needle)                                                       \
  do                                                                                     \
    {                                                                                    \
      if (!strstr ((f)->err, (needle)))                                                  \
        g_error ("stderr should mention '%s' but is:\n%s", (needle), (f)->err);          \
    }                                                                                    \
  while (0)

#define assert_out_has(f, needle)                                                       \
  do                                                                                     \
    {                                                                                    \
      if (!strstr ((f)->out, (needle)))                                                  \
        g_error ("stdout should mention '%s' but is:\n%s", (needle), (f)->out);          \
    }                                                                                    \
  while (0)

#define assert_status(f, want)                                                          \
  do                                                                                     \
    {                                                                                    \
      if ((f)->status != (want))                                                         \
        g_error ("exit status %d, expected %d; stderr:\n%s", (f)->status, (want),        \
                 (f)->err);                                                              \
    }                                                                                    \
  while (0)

static const char *const check_args[] = { "--check", NULL };
static const char *const list_args[] = { "--list-plugins", NULL };
static const char *const trace_args[] = { "--trace-bus", NULL };

/* ---- the graph ---- */

static void
test_list_plugins_orders_providers_first (Fixture *f, gconstpointer d)
{
  g_autofree char *p = profile (f, "consumer=required\nprovider=required\n");
  run_sync (f, p, list_args);
  assert_status (f, 0);
  assert_out_has (f, "1. provider");
  assert_out_has (f, "2. consumer");
  assert_out_has (f, "requires  test:a <- provider");
  assert_out_has (f, "provides  test:a v1  rate=8000,16000");
  /* Plugins on the path but not in the profile are listed too. */
  assert_out_has (f, "spare");
}

static void
test_check_accepts_valid_profile (Fixture *f, gconstpointer d)
{
  g_autofree char *p = profile (f, "provider=required\nconsumer=required\n");
  run_sync (f, p, check_args);
  assert_status (f, 0);
  assert_out_has (f, "profile 'test' is valid");
  g_assert_false (g_file_test (f->record, G_FILE_TEST_EXISTS)); /* no plugin code ran */
}

static void
test_same_file_twice_is_one_plugin (Fixture *f, gconstpointer d)
{
  /* The build tree is scanned anyway; naming one of its plugin
   * directories again must not make "two plugins named 'virtual'". */
  g_autofree char *dir = g_build_filename (g_getenv ("DESKPHONE_BUILD_ROOT"), "hal-plugins",
                                           "virtual", NULL);
  g_autofree char *arg = g_strconcat ("--plugin-path=", dir, NULL);
  const char *const args[] = { arg, "--check", NULL };
  run_sync (f, NULL, args);
  assert_status (f, 0);
  assert_out_has (f, "profile 'headless' is valid");
}

/* ---- every refusal ---- */

static void
test_missing_capability_names_need_and_provider (Fixture *f, gconstpointer d)
{
  g_autofree char *p = profile (f, "needs-missing=required\n");
  run_sync (f, p, check_args);
  assert_status (f, 2);
  assert_err_has (f, "plugin 'needs-missing'");
  assert_err_has (f, "requires capability 'test:missing'");
  assert_err_has (f, "no plugin in profile 'test'");
  assert_err_has (f, "'spare'");           /* who would provide it */
  assert_err_has (f, "dp_spare.so");
  assert_err_has (f, "add it to the profile");
  /* One paragraph: a single line on stderr. */
  g_assert_cmpint (strchr (f->err, '\n') - f->err + 1, ==, strlen (f->err));
}

static void
test_attribute_mismatch_is_missing_capability (Fixture *f, gconstpointer d)
{
  g_autofree char *p = profile (f, "provider=required\nwideband=required\n");
  run_sync (f, p, check_args);
  assert_status (f, 2);
  assert_err_has (f, "requires capability 'test:a' with rate=48000");
}

static void
test_abi_mismatch_refused_before_running_code (Fixture *f, gconstpointer d)
{
  g_autofree char *p = profile (f, "bad-abi=required\n");
  run_sync (f, p, NULL);
  assert_status (f, 2);
  assert_err_has (f, "dp_bad_abi.so was built for plugin ABI 999");
  assert_err_has (f, "this deskphone has ABI 1");
  assert_err_has (f, "rebuild");
  g_assert_false (g_file_test (f->record, G_FILE_TEST_EXISTS));
}

static void
test_missing_descriptor_symbol (Fixture *f, gconstpointer d)
{
  g_autofree char *p = profile (f, "no-descriptor=required\n");
  run_sync (f, p, NULL);
  assert_status (f, 2);
  assert_err_has (f, "dp_no_descriptor.so has no symbol 'deskphone_plugin_descriptor'");
  assert_err_has (f, "DESK_PLUGIN_DEFINE");
}

static void
test_undefined_symbol_reports_dlerror (Fixture *f, gconstpointer d)
{
  g_autofree char *p = profile (f, "undefined-symbol=required\n");
  run_sync (f, p, NULL);
  assert_status (f, 2);
  assert_err_has (f, "dp_undefined_symbol.so cannot be loaded");
  assert_err_has (f, "tp_symbol_nobody_defines"); /* the dynamic linker's words */
}

static void
test_duplicate_plugin_names (Fixture *f, gconstpointer d)
{
  g_autofree char *p = profile (f, "dup=required\n");
  run_sync (f, p, check_args);
  assert_status (f, 2);
  assert_err_has (f, "two plugins are named 'dup'");
  assert_err_has (f, "dp_dup1.so");
  assert_err_has (f, "dp_dup2.so");
}

static void
test_dependency_cycle (Fixture *f, gconstpointer d)
{
  g_autofree char *p = profile (f, "cycle-a=required\ncycle-b=required\n");
  run_sync (f, p, check_args);
  assert_status (f, 2);
  assert_err_has (f, "cycle");
  assert_err_has (f, "'cycle-a' needs test:cb from 'cycle-b'");
  assert_err_has (f, "'cycle-b' needs test:ca from 'cycle-a'");
}

static void
test_required_init_failure_stops_startup (Fixture *f, gconstpointer d)
{
  g_autofree char *p = profile (f, "provider=required\ninit-fails=required\n");
  g_autofree char *rec = NULL;
  run_sync (f, p, NULL);
  assert_status (f, 2);
  assert_err_has (f, "plugin 'init-fails'");
  assert_err_has (f, "failed to initialise");
  assert_err_has (f, "/dev/tp0 is not there");
  rec = record (f);
  /* provider was initialised first, so it is finalised; nothing started. */
  g_assert_cmpstr (rec, ==, "init provider\ninit init-fails\nfini provider\n");
}

static void
test_required_start_failure_stops_started_ones (Fixture *f, gconstpointer d)
{
  g_autofree char *p = profile (f, "provider=required\nstart-fails=required\n");
  g_autofree char *rec = NULL;
  run_sync (f, p, NULL);
  assert_status (f, 2);
  assert_err_has (f, "plugin 'start-fails'");
  assert_err_has (f, "failed to start");
  rec = record (f);
  /* start-fails did not start, so it is not stopped, but its init
   * succeeded, so it is finalised; provider is stopped and finalised. */
  g_assert_cmpstr (rec, ==,
                   "init provider\ninit start-fails\nstart provider\nstart start-fails\n"
                   "fini start-fails\nstop provider\nfini provider\n");
}

static void
test_missing_required_plugin (Fixture *f, gconstpointer d)
{
  g_autofree char *p = profile (f, "nosuch=required\n");
  run_sync (f, p, check_args);
  assert_status (f, 2);
  assert_err_has (f, "plugin 'nosuch' is not on the plugin path");
  assert_err_has (f, g_getenv ("DESKPHONE_TEST_PLUGIN_DIR"));
}

/* ---- optional plugins ---- */

static void
test_optional_init_failure_is_skipped (Fixture *f, gconstpointer d)
{
  g_autofree char *p = profile (f, "init-fails=optional\nprovider=required\nconsumer=required\n");
  g_autofree char *rec = NULL;
  run_until_ready (f, p, trace_args, "bus: core.started", SIGTERM);
  assert_status (f, 0);
  assert_err_has (f, "optional plugin 'init-fails' skipped");
  assert_err_has (f, "/dev/tp0 is not there");
  assert_err_has (f, "'plugins': <['provider', 'consumer']>");
  rec = record (f);
  g_assert_null (strstr (rec, "start init-fails"));
  g_assert_nonnull (strstr (rec, "start consumer"));
}

static void
test_optional_failure_cascades_to_required (Fixture *f, gconstpointer d)
{
  g_autofree char *p = profile (f, "init-fails=optional\nneeds-failing=required\n");
  run_sync (f, p, NULL);
  assert_status (f, 2);
  assert_err_has (f, "plugin 'needs-failing' requires 'test:f'");
  assert_err_has (f, "provider 'init-fails' failed");
}

static void
test_optional_failure_cascades_to_optional (Fixture *f, gconstpointer d)
{
  g_autofree char *p = profile (f, "init-fails=optional\nneeds-failing=optional\nprovider=required\n");
  run_until_ready (f, p, trace_args, "bus: core.started", SIGTERM);
  assert_status (f, 0);
  assert_err_has (f, "optional plugin 'init-fails' skipped");
  assert_err_has (f, "optional plugin 'needs-failing' skipped");
  assert_err_has (f, "'plugins': <['provider']>");
}

static void
test_optional_and_if_exists_absent_plugins (Fixture *f, gconstpointer d)
{
  g_autofree char *p = profile (f, "nosuch=optional\nnothere=if-exists\nprovider=required\n");
  run_sync (f, p, check_args);
  assert_status (f, 0);
  assert_out_has (f, "warning: optional plugin 'nosuch' skipped");
  g_assert_null (strstr (f->out, "nothere")); /* if-exists: silence */
}

static void
test_optional_missing_capability_is_skipped (Fixture *f, gconstpointer d)
{
  g_autofree char *p = profile (f, "needs-missing=optional\nprovider=required\n");
  run_sync (f, p, check_args);
  assert_status (f, 0);
  assert_out_has (f, "warning: optional plugin 'needs-missing' skipped");
  assert_out_has (f, "SKIPPED");
}

/* ---- lifecycle ---- */

static void
check_clean_lifecycle (Fixture *f, int signum)
{
  g_autofree char *p = profile (f, "wants-a=required\nconsumer=required\nprovider=required\n");
  g_autofree char *rec = NULL;
  run_until_ready (f, p, trace_args, "bus: core.started", signum);
  assert_status (f, 0);
  rec = record (f);
  /* Both follow provider (consumer requires test:a, wants-a softly wants
   * test:*); between themselves they keep profile order. */
  g_assert_cmpstr (rec, ==,
                   "init provider\ninit wants-a\ninit consumer\nfound-test:a consumer\n"
                   "start provider\nstart wants-a\nstart consumer\n"
                   "stop consumer\nstop wants-a\nstop provider\n"
                   "fini consumer\nfini wants-a\nfini provider\n");
  assert_err_has (f, "bus: plugin.started {'name': <'provider'>");
  assert_err_has (f, "bus: core.stopping");
}

static void
test_sigterm_stops_in_reverse_and_exits_0 (Fixture *f, gconstpointer d)
{
  check_clean_lifecycle (f, SIGTERM);
}

static void
test_sigint_stops_in_reverse_and_exits_0 (Fixture *f, gconstpointer d)
{
  check_clean_lifecycle (f, SIGINT);
}

static void
test_headless_default_runs (Fixture *f, gconstpointer d)
{
  /* No --profile: the embedded default with the build tree's plugins. */
  run_until_ready (f, NULL, trace_args, "bus: core.started", SIGTERM);
  assert_status (f, 0);
  assert_err_has (f, "'profile': <'headless'>");
  assert_err_has (f, "'plugins': <['virtual', 'console']>");
  assert_out_has (f, "deskphone ready: profile headless");
}

/* ---- profiles and command line ---- */

static void
test_unknown_profile (Fixture *f, gconstpointer d)
{
  run_sync (f, "no-such-product", check_args);
  assert_status (f, 2);
  assert_err_has (f, "no product profile named 'no-such-product'");
}

static void
test_bad_profile_marker (Fixture *f, gconstpointer d)
{
  g_autofree char *p = profile (f, "provider=maybe\n");
  run_sync (f, p, check_args);
  assert_status (f, 2);
  assert_err_has (f, "plugin 'provider' is marked 'maybe'");
}

static void
test_profile_default_rejected_when_invalid (Fixture *f, gconstpointer d)
{
  g_autofree char *p = write_file (f, "bad.conf",
                                   "[product]\nname=bad\n[plugins]\nprovider=required\n"
                                   "[defaults]\ntimer_t1=fast\n");
  run_sync (f, p, check_args);
  assert_status (f, 2);
  assert_err_has (f, "bad.conf, [defaults]: timer_t1 'fast' is not valid");
}

static void
test_bad_option_exit_2 (Fixture *f, gconstpointer d)
{
  const char *const args[] = { "--no-such-option", NULL };
  run_sync (f, NULL, args);
  assert_status (f, 2);
  assert_err_has (f, "no-such-option");
}

static void
test_version (Fixture *f, gconstpointer d)
{
  const char *const args[] = { "--version", NULL };
  run_sync (f, NULL, args);
  assert_status (f, 0);
  assert_out_has (f, "deskphone 0.1.0 (plugin ABI 1)");
}

/* ---- configuration through the executable ---- */

static void
write_cfg (Fixture *f, const char *name, const char *text)
{
  g_autofree char *cfg = g_build_filename (f->dir, "cfg", NULL);
  g_autofree char *path = g_build_filename (cfg, name, NULL);
  g_mkdir_with_parents (cfg, 0700);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static void
test_config_dump_shows_layers (Fixture *f, gconstpointer d)
{
  const char *const args[] = { "--config-dump", NULL };
  write_cfg (f, "SIPDefault.cnf", "timer_t1: 600\nphone_label: \"Lobby\"\n");
  write_cfg (f, "SIP001646C0FFEE.cnf", "timer_t1: 700 ; this phone\nline1_password: secret\n");
  run_sync (f, NULL, args);
  assert_status (f, 0);
  assert_out_has (f, "timer_t1: \"700\"  # SIP<MAC>.cnf");
  assert_out_has (f, "phone_label: \"Lobby\"  # SIPDefault.cnf");
  assert_out_has (f, "timer_t2: \"4000\"  # default");
  assert_out_has (f, "line1_password: \"********\"");
  g_assert_null (strstr (f->out, "secret"));
}

static void
test_bad_config_file_rejected_with_line (Fixture *f, gconstpointer d)
{
  const char *const dump[] = { "--config-dump", NULL };
  write_cfg (f, "SIPDefault.cnf", "# site defaults\ntimer_t1: 600\ntos_media: 9\n");
  /* --check reports it and fails ... */
  run_sync (f, NULL, check_args);
  assert_status (f, 2);
  assert_err_has (f, "SIPDefault.cnf:3: tos_media '9' is not valid");
  /* ... a running phone says so and keeps the previous values. */
  run_sync (f, NULL, dump);
  assert_status (f, 0);
  assert_err_has (f, "SIPDefault.cnf:3:");
  assert_out_has (f, "timer_t1: \"500\"  # default");
}

static void
test_unknown_parameter_warns_with_line (Fixture *f, gconstpointer d)
{
  const char *const dump[] = { "--config-dump", NULL };
  write_cfg (f, "SIPDefault.cnf", "timer_t1: 600\nfrobnicate: 1\n");
  run_sync (f, NULL, dump);
  assert_status (f, 0);
  assert_err_has (f, "SIPDefault.cnf:2: unknown parameter 'frobnicate' ignored");
  assert_out_has (f, "timer_t1: \"600\"  # SIPDefault.cnf");
}

static void
test_config_reference_doc_is_current (Fixture *f, gconstpointer d)
{
  const char *const args[] = { "--config-reference", NULL };
  g_autofree char *doc_path = g_build_filename (g_getenv ("DESKPHONE_SOURCE_ROOT"), "docs",
                                                "config-reference.md", NULL);
  g_autofree char *doc = NULL;
  run_sync (f, NULL, args);
  assert_status (f, 0);
  g_assert_true (g_file_get_contents (doc_path, &doc, NULL, NULL));
  if (strcmp (doc, f->out) != 0)
    g_error ("docs/config-reference.md is out of date: regenerate it with "
             "build/core/deskphone --config-reference > docs/config-reference.md");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (!g_getenv ("DESKPHONE_EXE") || !g_getenv ("DESKPHONE_TEST_PLUGIN_DIR"))
    g_error ("run through meson test: DESKPHONE_EXE and DESKPHONE_TEST_PLUGIN_DIR are not set");
#define T(path, fn) g_test_add ("/loader/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  T ("graph/list-plugins-orders-providers-first", test_list_plugins_orders_providers_first);
  T ("graph/check-accepts-valid-profile", test_check_accepts_valid_profile);
  T ("graph/same-file-twice-is-one-plugin", test_same_file_twice_is_one_plugin);
  T ("error/missing-capability-names-need-and-provider", test_missing_capability_names_need_and_provider);
  T ("error/attribute-mismatch", test_attribute_mismatch_is_missing_capability);
  T ("error/abi-mismatch", test_abi_mismatch_refused_before_running_code);
  T ("error/missing-descriptor-symbol", test_missing_descriptor_symbol);
  T ("error/undefined-symbol-reports-dlerror", test_undefined_symbol_reports_dlerror);
  T ("error/duplicate-plugin-names", test_duplicate_plugin_names);
  T ("error/dependency-cycle", test_dependency_cycle);
  T ("error/required-init-failure", test_required_init_failure_stops_startup);
  T ("error/required-start-failure", test_required_start_failure_stops_started_ones);
  T ("error/missing-required-plugin", test_missing_required_plugin);
  T ("optional/init-failure-skipped", test_optional_init_failure_is_skipped);
  T ("optional/failure-cascades-to-required", test_optional_failure_cascades_to_required);
  T ("optional/failure-cascades-to-optional", test_optional_failure_cascades_to_optional);
  T ("optional/absent-plugins", test_optional_and_if_exists_absent_plugins);
  T ("optional/missing-capability-skipped", test_optional_missing_capability_is_skipped);
  T ("lifecycle/sigterm", test_sigterm_stops_in_reverse_and_exits_0);
  T ("lifecycle/sigint", test_sigint_stops_in_reverse_and_exits_0);
  T ("lifecycle/headless-default-runs", test_headless_default_runs);
  T ("cli/unknown-profile", test_unknown_profile);
  T ("cli/bad-profile-marker", test_bad_profile_marker);
  T ("cli/invalid-profile-default", test_profile_default_rejected_when_invalid);
  T ("cli/bad-option", test_bad_option_exit_2);
  T ("cli/version", test_version);
  T ("config/dump-shows-layers", test_config_dump_shows_layers);
  T ("config/bad-file-rejected-with-line", test_bad_config_file_rejected_with_line);
  T ("config/unknown-parameter-warns", test_unknown_parameter_warns_with_line);
  T ("config/reference-doc-is-current", test_config_reference_doc_is_current);
#undef T
  return g_test_run ();
}
