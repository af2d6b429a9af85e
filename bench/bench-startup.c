/* bench-startup: wall time from exec of the real deskphone executable until
 * every plugin of the profile has started, and from SIGTERM until it exits.
 *
 * "Started" is the moment the "bus: core.started" line that --trace-bus
 * prints reaches us on the child's stderr: it is published after the last
 * plugin's start hook and delivered once the main loop runs.  Two profiles:
 * a generated one of twenty chained bench plugins (benchplug.c, found via
 * --plugin-path), and the default headless profile, whose plugins the
 * executable finds in its own build tree.  A third row times "deskphone
 * --version" from exec to exit: the floor set by exec, the dynamic linker
 * and GLib.  Each run uses a temporary state
 * dir and an empty config dir; one untimed run warms the page cache.
 *
 * Usage: bench-startup [DESKPHONE [BENCH_PLUGIN_DIR]]
 * (defaults: the build tree this benchmark was built in). */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#define RUNS 20
#define N_BENCH_PLUGINS 20
#define START_TIMEOUT_MS 10000
#define STOP_TIMEOUT_MS 5000
#define STARTED_PREFIX "bus: core.started "

typedef struct {
  double start_ms; /* exec to core.started seen */
  double stop_ms;  /* SIGTERM to exit */
  guint n_plugins; /* in the core.started payload */
} RunResult;

static gint64
ms_left (gint64 deadline)
{
  return MAX (0, (deadline - g_get_monotonic_time ()) / 1000);
}

/* Reads what is available on @fd into @out, waiting until @deadline.
 * Returns FALSE at EOF, error or deadline. */
static gboolean
read_some (int fd, GString *out, gint64 deadline)
{
  struct pollfd pfd = { .fd = fd, .events = POLLIN };
  char buf[4096];
  ssize_t n;
  int r = poll (&pfd, 1, (int) ms_left (deadline));

  if (r < 0 && errno == EINTR)
    return TRUE;
  if (r <= 0)
    return FALSE;
  n = read (fd, buf, sizeof buf);
  if (n < 0 && errno == EINTR)
    return TRUE;
  if (n <= 0)
    return FALSE;
  g_string_append_len (out, buf, n);
  return TRUE;
}

/* The number of plugins in a "bus: core.started {...}" line. */
static guint
count_plugins (const char *line, gsize len)
{
  g_autofree char *text = g_strndup (line + strlen (STARTED_PREFIX),
                                     len - strlen (STARTED_PREFIX));
  g_autoptr (GVariant) v = g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, NULL);
  g_autofree const char **names = NULL;

  if (!v || !g_variant_lookup (v, "plugins", "^a&s", &names))
    return 0;
  return g_strv_length ((char **) names);
}

/* Finds the core.started line in @err from @from on; moves @from past the
 * complete lines examined. */
static const char *
find_started (GString *err, gsize *from, gsize *len)
{
  while (*from < err->len)
    {
      const char *line = err->str + *from;
      const char *nl = memchr (line, '\n', err->len - *from);
      if (!nl)
        return NULL;
      *from = nl + 1 - err->str;
      if (g_str_has_prefix (line, STARTED_PREFIX))
        {
          *len = nl - line;
          return line;
        }
    }
  return NULL;
}

static char **
child_environ (void)
{
  char **env = g_get_environ ();
  env = g_environ_unsetenv (env, "DESKPHONE_PLUGIN_PATH");
  env = g_environ_unsetenv (env, "DESKPHONE_PROFILE_PATH");
  env = g_environ_unsetenv (env, "G_MESSAGES_DEBUG");
  return env;
}

static gboolean
run_once (char **argv, RunResult *res, GError **error)
{
  g_auto (GStrv) env = child_environ ();
  g_autoptr (GString) err = g_string_new (NULL);
  const char *line = NULL;
  gsize from = 0, len = 0;
  gint64 t0, t_started, t_term, deadline;
  GPid pid;
  int err_fd = -1, status = 0;
  pid_t w;

  t0 = g_get_monotonic_time ();
  if (!g_spawn_async_with_pipes_and_fds (NULL, (const char *const *) argv,
                                         (const char *const *) env,
                                         G_SPAWN_DO_NOT_REAP_CHILD |
                                             G_SPAWN_STDIN_FROM_DEV_NULL |
                                             G_SPAWN_STDOUT_TO_DEV_NULL,
                                         NULL, NULL, -1, -1, -1, NULL, NULL, 0,
                                         &pid, NULL, NULL, &err_fd, error))
    return FALSE;
  deadline = t0 + START_TIMEOUT_MS * 1000;
  while (!(line = find_started (err, &from, &len)) && read_some (err_fd, err, deadline))
    ;
  t_started = g_get_monotonic_time ();
  t_term = t_started;
  kill (pid, SIGTERM);
  /* Drain stderr so the child never blocks on a full pipe while stopping. */
  deadline = t_term + STOP_TIMEOUT_MS * 1000;
  while (read_some (err_fd, err, deadline))
    ;
  if (g_get_monotonic_time () >= deadline)
    kill (pid, SIGKILL);
  while ((w = waitpid (pid, &status, 0)) < 0 && errno == EINTR)
    ;
  res->stop_ms = (g_get_monotonic_time () - t_term) / 1000.0;
  close (err_fd);
  g_spawn_close_pid (pid);

  if (!line)
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                   "no 'bus: core.started' line on stderr within %d ms; stderr was:\n%s",
                   START_TIMEOUT_MS, err->str);
      return FALSE;
    }
  res->start_ms = (t_started - t0) / 1000.0;
  res->n_plugins = count_plugins (line, len);
  if (w != pid || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                   "deskphone did not exit 0 after SIGTERM (wait status 0x%x); stderr was:\n%s",
                   status, err->str);
      return FALSE;
    }
  return TRUE;
}

/* Exec to exit of a command that exits by itself (the --version baseline). */
static gboolean
run_to_exit (char **argv, RunResult *res, GError **error)
{
  gint64 t0 = g_get_monotonic_time ();
  int status = 0;

  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, error) ||
      !g_spawn_check_wait_status (status, error))
    return FALSE;
  res->start_ms = (g_get_monotonic_time () - t0) / 1000.0;
  res->stop_ms = 0;
  res->n_plugins = 0;
  return TRUE;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *v, int n)
{
  qsort (v, n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

typedef gboolean (*RunFunc) (char **argv, RunResult *res, GError **error);

/* Runs @argv RUNS times (after one warm-up) and prints one row. */
static gboolean
bench_profile (const char *label, RunFunc run, char **argv)
{
  double start[RUNS], stop[RUNS];
  RunResult r = { 0 };
  g_autoptr (GError) error = NULL;

  if (!run (argv, &r, &error))
    {
      fprintf (stderr, "bench-startup: %s: %s\n", label, error->message);
      return FALSE;
    }
  for (int i = 0; i < RUNS; i++)
    {
      if (!run (argv, &r, &error))
        {
          fprintf (stderr, "bench-startup: %s, run %d: %s\n", label, i + 1, error->message);
          return FALSE;
        }
      start[i] = r.start_ms;
      stop[i] = r.stop_ms;
    }
  qsort (start, RUNS, sizeof *start, cmp_double);
  printf ("%-22s %7u %5d %8.2f %8.2f %8.2f %12.2f\n", label, r.n_plugins, RUNS, start[0],
          median (start, RUNS), start[RUNS - 1], median (stop, RUNS));
  fflush (stdout);
  return TRUE;
}

static char *
write_profile (const char *dir, GError **error)
{
  g_autoptr (GString) s = g_string_new ("[product]\nname=bench20\n"
                                        "description=bench-startup: twenty chained plugins\n"
                                        "[plugins]\n");
  char *path = g_build_filename (dir, "bench20.conf", NULL);

  /* Listed last-first, so the loader's ordering does the work. */
  for (int i = N_BENCH_PLUGINS; i >= 1; i--)
    g_string_append_printf (s, "bench-%02d=required\n", i);
  if (!g_file_set_contents (path, s->str, s->len, error))
    g_clear_pointer (&path, g_free);
  return path;
}

static void
remove_tree (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        remove_tree (p);
      else
        g_unlink (p);
    }
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  const char *exe = argc > 1 ? argv[1] : BENCH_DESKPHONE;
  const char *plugin_dir = argc > 2 ? argv[2] : BENCH_PLUGIN_DIR;
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = NULL, *state = NULL, *config = NULL, *profile = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  gboolean ok = TRUE;

  if (argc > 3 || (argc > 1 && argv[1][0] == '-'))
    {
      fprintf (stderr, "usage: %s [DESKPHONE [BENCH_PLUGIN_DIR]]\n", argv[0]);
      return 2;
    }
  if (!g_file_test (exe, G_FILE_TEST_IS_EXECUTABLE))
    {
      fprintf (stderr, "bench-startup: %s is not an executable; give the deskphone binary as "
                       "the first argument\n", exe);
      return 1;
    }
  tmp = g_dir_make_tmp ("bench-startup-XXXXXX", &error);
  if (!tmp)
    {
      fprintf (stderr, "bench-startup: %s\n", error->message);
      return 1;
    }
  state = g_build_filename (tmp, "state", NULL);
  config = g_build_filename (tmp, "config", NULL);
  g_mkdir (state, 0700);
  g_mkdir (config, 0700);
  profile = write_profile (tmp, &error);
  if (!profile)
    {
      fprintf (stderr, "bench-startup: %s\n", error->message);
      remove_tree (tmp);
      return 1;
    }

  printf ("bench-startup  %s  nproc=%u  %d runs per profile after 1 warm-up\n"
          "deskphone: %s\n\n", date, g_get_num_processors (), RUNS, exe);
  printf ("%-22s %7s %5s %8s %8s %8s %12s\n", "profile", "plugins", "runs", "min ms",
          "med ms", "max ms", "stop med ms");
  {
    char *bench_argv[] = { (char *) exe, "--trace-bus", "--profile", profile,
                           "--plugin-path", (char *) plugin_dir, "--state-dir", state,
                           "--config-dir", config, NULL };
    char *headless_argv[] = { (char *) exe, "--trace-bus", "--state-dir", state,
                              "--config-dir", config, NULL };
    char *version_argv[] = { (char *) exe, "--version", NULL };
    ok &= bench_profile ("bench20 (chain of 20)", run_once, bench_argv);
    ok &= bench_profile ("headless (default)", run_once, headless_argv);
    ok &= bench_profile ("--version (exec+exit)", run_to_exit, version_argv);
  }
  remove_tree (tmp);
  return ok ? 0 : 1;
}
