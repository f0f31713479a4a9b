/* tls-helpers.h: sockets, peers and time limits for the TLS tests
 *
 * Header-only (static functions), included by each TLS test program, so
 * tests/meson.build needs no extra source.
 *
 * Every test runs under a watchdog (alarm) and every test socket has send
 * and receive timeouts (but those of tls_untimed_socket_stream(), driven
 * by a main loop): a broken handshake fails the test, it never hangs.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gossl-test-util.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define TLS_TEST_TIMEOUT_S 60   /* a whole test */
#define TLS_IO_TIMEOUT_S   10   /* one blocking socket call */

static const char *tls_current_test;

G_GNUC_UNUSED static void
tls_watchdog_fired (int sig)
{
  static const char msg[] = "\n# TLS test watchdog: test took too long, aborting\n";

  (void) sig;
  if (write (STDERR_FILENO, msg, sizeof msg - 1) < 0)
    {
    }
  abort ();
}

G_GNUC_UNUSED static void
tls_run_test (gconstpointer data)
{
  GTestFunc func = (GTestFunc) data;

  tls_current_test = g_test_get_path ();
  signal (SIGALRM, tls_watchdog_fired);
  alarm (TLS_TEST_TIMEOUT_S);
  func ();
  alarm (0);
}

/* Registers @func to run under the watchdog. */
G_GNUC_UNUSED static void
tls_test_add (const char *path, GTestFunc func)
{
  g_test_add_data_func (path, (gconstpointer) func, tls_run_test);
}

G_GNUC_UNUSED static void
tls_set_timeouts (int fd)
{
  struct timeval tv = { TLS_IO_TIMEOUT_S, 0 };

  g_assert_cmpint (setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), ==, 0);
  g_assert_cmpint (setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv), ==, 0);
}

G_GNUC_UNUSED static void
tls_set_nonblocking (int fd, gboolean nonblocking)
{
  int flags = fcntl (fd, F_GETFL);

  g_assert_cmpint (flags, >=, 0);
  flags = nonblocking ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
  g_assert_cmpint (fcntl (fd, F_SETFL, flags), ==, 0);
}

/* A connected pair of blocking stream sockets with timeouts. */
G_GNUC_UNUSED static void
tls_socketpair (int fds[2])
{
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
  tls_set_timeouts (fds[0]);
  tls_set_timeouts (fds[1]);
}

/* A socket listening on 127.0.0.1 at a port the kernel chose. */
G_GNUC_UNUSED static int
tls_listen (guint16 *port)
{
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  int one = 1;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = 0;
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (fd, 8), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
  *port = ntohs (addr.sin_port);
  return fd;
}

/* A free port: bound once to port 0, then released for a child process. */
G_GNUC_UNUSED static guint16
tls_free_port (void)
{
  guint16 port = 0;
  int fd = tls_listen (&port);

  close (fd);
  return port;
}

/* Accepts one connection within the I/O timeout. */
G_GNUC_UNUSED static int
tls_accept (int listen_fd)
{
  struct pollfd pfd = { listen_fd, POLLIN, 0 };
  int fd;

  g_assert_cmpint (poll (&pfd, 1, TLS_IO_TIMEOUT_S * 1000), ==, 1);
  fd = accept (listen_fd, NULL, NULL);
  g_assert_cmpint (fd, >=, 0);
  tls_set_timeouts (fd);
  return fd;
}

/* Connects to 127.0.0.1:@port once; -1 when refused. */
G_GNUC_UNUSED static int
tls_try_connect (guint16 port)
{
  struct sockaddr_in addr = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = htons (port);
  if (connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0)
    {
      close (fd);
      return -1;
    }
  tls_set_timeouts (fd);
  return fd;
}

/* Waits (bounded) until something listens on @port, then connects. */
G_GNUC_UNUSED static int
tls_connect_when_ready (guint16 port, GSubprocess *peer)
{
  gint64 deadline = g_get_monotonic_time () + TLS_IO_TIMEOUT_S * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      int fd = tls_try_connect (port);

      if (fd >= 0)
        return fd;
      /* The identifier goes once the child has exited and been reaped. */
      if (peer != NULL && g_subprocess_get_identifier (peer) == NULL)
        g_error ("the openssl peer exited before listening on port %u", port);
      g_usleep (20 * 1000);
    }
  g_error ("nothing listens on port %u after %d s", port, TLS_IO_TIMEOUT_S);
  return -1;
}

/* Starts `openssl ARGS...` with stdin and stdout as pipes and stderr
 * silenced (set GOSSL_TEST_VERBOSE to see it). */
G_GNUC_UNUSED static GSubprocess *
tls_spawn_openssl (const char *first_arg, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE;
  GSubprocess *proc;
  const char *arg;
  va_list args;

  if (g_getenv ("GOSSL_TEST_VERBOSE") == NULL)
    flags |= G_SUBPROCESS_FLAGS_STDERR_SILENCE;
  g_ptr_array_add (argv, (gpointer) "openssl");
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata, flags, &error);
  g_assert_no_error (error);
  return proc;
}

/* Ends a peer started by tls_spawn_openssl() and reaps it. */
G_GNUC_UNUSED static void
tls_stop_openssl (GSubprocess *proc)
{
  /* Does nothing to a child that has exited already. */
  g_subprocess_force_exit (proc);
  g_subprocess_wait (proc, NULL, NULL);
}

/* Reads what the child writes to stdout until it closes it (bounded by the
 * watchdog). */
G_GNUC_UNUSED static GBytes *
tls_read_stdout (GSubprocess *proc)
{
  GInputStream *out = g_subprocess_get_stdout_pipe (proc);
  g_autoptr(GByteArray) all = g_byte_array_new ();

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) part = g_input_stream_read_bytes (out, 4096, NULL, &error);

      g_assert_no_error (error);
      if (g_bytes_get_size (part) == 0)
        break;
      g_byte_array_append (all, g_bytes_get_data (part, NULL), g_bytes_get_size (part));
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

/* A context that serves server.pem / server.key. */
G_GNUC_UNUSED static GosslContext *
tls_server_context (GosslMethod method)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = gossl_test_file_path ("server.pem");
  g_autofree char *key = gossl_test_file_path ("server.key");
  GosslContext *ctx = gossl_context_new (method, &error);

  g_assert_no_error (error);
  g_assert_true (gossl_context_use_certificate_file (ctx, cert, GOSSL_FILETYPE_PEM, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_context_use_privatekey_file (ctx, key, GOSSL_FILETYPE_PEM, &error));
  g_assert_no_error (error);
  return ctx;
}

/* A client context that trusts ca.pem and verifies the server. */
G_GNUC_UNUSED static GosslContext *
tls_client_context (GosslMethod method)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ca = gossl_test_file_path ("ca.pem");
  GosslContext *ctx = gossl_context_new (method, &error);

  g_assert_no_error (error);
  g_assert_true (gossl_context_load_verify_locations (ctx, ca, NULL, &error));
  g_assert_no_error (error);
  gossl_context_set_verify (ctx, GOSSL_VERIFY_PEER);
  return ctx;
}

/* TRUE when the OpenSSL errors recorded for the last error on this thread
 * mention @reason. */
G_GNUC_UNUSED static gboolean
tls_errors_mention (const char *reason)
{
  g_autoptr(GVariant) errors = gossl_error_get_openssl_errors ();
  GVariantIter iter;
  const char *lib, *func, *text;

  g_variant_iter_init (&iter, errors);
  while (g_variant_iter_next (&iter, "(&s&s&s)", &lib, &func, &text))
    if (strstr (text, reason) != NULL)
      return TRUE;
  return FALSE;
}

/* Reads from @conn until @len bytes came (blocking socket). */
G_GNUC_UNUSED static GByteArray *
tls_recv_exactly (GosslConnection *conn, gsize len, GError **error)
{
  GByteArray *all = g_byte_array_new ();

  while (all->len < len)
    {
      g_autoptr(GByteArray) part = gossl_connection_recv (conn, len - all->len, error);

      if (part == NULL)
        {
          g_byte_array_unref (all);
          return NULL;
        }
      g_byte_array_append (all, part->data, part->len);
    }
  return all;
}

/* A connection in connect state over @fd, which it does not own. */
G_GNUC_UNUSED static GosslConnection *
tls_client_connection (GosslContext *ctx, int fd)
{
  g_autoptr(GError) error = NULL;
  GosslConnection *conn = gossl_connection_new (ctx, fd, &error);

  g_assert_no_error (error);
  gossl_connection_set_connect_state (conn);
  return conn;
}

/* A connection in accept state over @fd, which it does not own. */
G_GNUC_UNUSED static GosslConnection *
tls_server_connection (GosslContext *ctx, int fd)
{
  g_autoptr(GError) error = NULL;
  GosslConnection *conn = gossl_connection_new (ctx, fd, &error);

  g_assert_no_error (error);
  gossl_connection_set_accept_state (conn);
  return conn;
}

/* --- a gossl server on a thread, its client on the test's thread ----------- */

typedef struct _TlsServer TlsServer;
typedef void (*TlsServerBody) (TlsServer *server, GosslConnection *conn);

struct _TlsServer {
  /* set before tls_server_start() or tls_pair_start() */
  TlsServerBody    body;      /* runs after a successful handshake */
  gpointer         data;
  gboolean         close_fd;  /* close the socket at the end, without shutdown */

  GosslConnection *conn;
  int              fd;
  gboolean         handshake_ok;
  GError          *error;     /* of the handshake */
  GVariant        *errors;    /* gossl_error_get_openssl_errors() for it */
  GThread         *thread;
};

/* A blocking client and a gossl server on a thread, connected. */
typedef struct {
  GosslConnection *client;
  int              client_fd;
  TlsServer        server;
} TlsPair;

G_GNUC_UNUSED static gpointer
tls_server_thread (gpointer user_data)
{
  TlsServer *server = user_data;

  server->handshake_ok = gossl_connection_do_handshake (server->conn, &server->error);
  if (!server->handshake_ok)
    /* The error queue is per thread: read it here or never. */
    server->errors = gossl_error_get_openssl_errors ();
  else if (server->body != NULL)
    server->body (server, server->conn);

  if (server->close_fd)
    {
      close (server->fd);
      server->fd = -1;
    }
  return NULL;
}

/* Starts @server's handshake on @fd, which it owns from now on. */
G_GNUC_UNUSED static void
tls_server_start (TlsServer *server, GosslContext *ctx, int fd)
{
  server->fd = fd;
  server->conn = tls_server_connection (ctx, fd);
  server->thread = g_thread_new ("tls-server", tls_server_thread, server);
}

/* Waits until the server's handshake and body are done. */
G_GNUC_UNUSED static void
tls_server_join (TlsServer *server)
{
  if (server->thread != NULL)
    g_thread_join (g_steal_pointer (&server->thread));
}

/* tls_server_join(), then asserts that the server's handshake succeeded. */
G_GNUC_UNUSED static void
tls_server_join_ok (TlsServer *server)
{
  tls_server_join (server);
  g_assert_no_error (server->error);
  g_assert_true (server->handshake_ok);
}

G_GNUC_UNUSED static void
tls_server_clear (TlsServer *server)
{
  /* Nothing to undo before tls_server_start(). */
  if (server->conn == NULL)
    return;
  tls_server_join (server);
  g_clear_object (&server->conn);
  g_clear_error (&server->error);
  g_clear_pointer (&server->errors, g_variant_unref);
  if (server->fd >= 0)
    close (server->fd);
  server->fd = -1;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TlsServer, tls_server_clear)

/* Makes the client on @client_fd and starts the server on @server_fd; the
 * pair owns both descriptors from now on. */
G_GNUC_UNUSED static void
tls_pair_start_on (TlsPair      *pair,
                   GosslContext *client_ctx,
                   GosslContext *server_ctx,
                   int           client_fd,
                   int           server_fd)
{
  pair->client_fd = client_fd;
  pair->client = tls_client_connection (client_ctx, client_fd);
  tls_server_start (&pair->server, server_ctx, server_fd);
}

/* tls_pair_start_on() over a new socket pair. */
G_GNUC_UNUSED static void
tls_pair_start (TlsPair *pair, GosslContext *client_ctx, GosslContext *server_ctx)
{
  int fds[2];

  tls_socketpair (fds);
  tls_pair_start_on (pair, client_ctx, server_ctx, fds[0], fds[1]);
}

/* Runs the client's handshake, waits for the server, and asserts that both
 * succeeded. The server's body must not wait for the client. */
G_GNUC_UNUSED static void
tls_pair_handshake (TlsPair *pair)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gossl_connection_do_handshake (pair->client, &error));
  g_assert_no_error (error);
  tls_server_join_ok (&pair->server);
}

G_GNUC_UNUSED static void
tls_pair_clear (TlsPair *pair)
{
  /* Nothing to undo before tls_pair_start(). */
  if (pair->client == NULL)
    return;
  /* The server's body ends against a live client, or would fail. */
  tls_server_clear (&pair->server);
  g_clear_object (&pair->client);
  close (pair->client_fd);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TlsPair, tls_pair_clear)

/* --- GIO's own TLS server (glib-networking) on a thread -------------------------- */

/* A GSocketConnection over a connected descriptor (taken over), whose
 * blocking calls time out. */
G_GNUC_UNUSED static GIOStream *
tls_socket_stream (int fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new_from_fd (fd, &error);

  g_assert_no_error (error);
  g_socket_set_timeout (socket, TLS_IO_TIMEOUT_S);
  return G_IO_STREAM (g_socket_connection_factory_create_connection (socket));
}

typedef struct {
  /* set before tls_gio_server_start() */
  GTlsCertificate    *certificate;
  const char * const *advertised;   /* ALPN protocols, or NULL */

  gboolean            ok;           /* handshake done and the line sent */
  GError             *error;
  char               *negotiated;   /* the ALPN protocol agreed on */
  GThread            *thread;
  int                 fd;
} TlsGioServer;

/* GIO's own TLS server: handshake, send one line, close. */
G_GNUC_UNUSED static gpointer
tls_gio_serve_one (gpointer data)
{
  TlsGioServer *server = data;
  g_autoptr(GIOStream) base = tls_socket_stream (server->fd);
  g_autoptr(GIOStream) tls = g_tls_server_connection_new (base, server->certificate, &server->error);

  if (tls == NULL)
    return NULL;
  if (server->advertised != NULL)
    g_tls_connection_set_advertised_protocols (G_TLS_CONNECTION (tls), server->advertised);
  if (g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, &server->error) &&
      g_output_stream_write_all (g_io_stream_get_output_stream (tls), "hello\n", 6, NULL, NULL,
                                 &server->error))
    {
      server->negotiated = g_strdup (g_tls_connection_get_negotiated_protocol (G_TLS_CONNECTION (tls)));
      server->ok = TRUE;
    }
  g_io_stream_close (tls, NULL, NULL);
  return NULL;
}

/* Serves one client on @fd (taken over) on a thread. */
G_GNUC_UNUSED static void
tls_gio_server_start (TlsGioServer *server, int fd)
{
  server->fd = fd;
  server->thread = g_thread_new ("gio-server", tls_gio_serve_one, server);
}

G_GNUC_UNUSED static void
tls_gio_server_clear (TlsGioServer *server)
{
  if (server->thread != NULL)
    g_thread_join (g_steal_pointer (&server->thread));
  g_clear_error (&server->error);
  g_clear_pointer (&server->negotiated, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TlsGioServer, tls_gio_server_clear)

/* The threads of GLib's thread pools ("pool-PROGRAM") still alive. */
G_GNUC_UNUSED static guint
tls_count_pool_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *task;
  guint count = 0;

  while (dir != NULL && (task = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", task, "comm", NULL);
      g_autofree char *name = NULL;

      if (g_file_get_contents (path, &name, NULL, NULL) && g_str_has_prefix (name, "pool-"))
        count++;
    }
  return count;
}

/* LeakSanitizer (Debian 12's, GCC 12 with glibc 2.36) crashes at exit
 * reading the dynamic TLS of threads that ran glib-networking's module:
 * GIO's handshakes run on GLib's pool threads, which idle on. A program
 * that made GIO TLS connections calls this before it exits. A pool thread
 * waits for more work in its own pool for half a second before it counts
 * as unused and can be stopped. */
G_GNUC_UNUSED static void
tls_stop_pool_threads (void)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_thread_pool_set_max_unused_threads (0);
  while (tls_count_pool_threads () > 0 && g_get_monotonic_time () < deadline)
    {
      g_thread_pool_stop_unused_threads ();
      g_usleep (G_USEC_PER_SEC / 20);
    }
}

/* --- GosslTlsStream pairs on a main loop ------------------------------------------ */

/* A GSocketConnection over a connected descriptor (taken over), without a
 * timeout: the kind whose socket a GosslTlsStream waits on in its main
 * context's epoll set. The main loop's waits are bounded by the
 * watchdog. */
G_GNUC_UNUSED static GIOStream *
tls_untimed_socket_stream (int fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new_from_fd (fd, &error);

  g_assert_no_error (error);
  return G_IO_STREAM (g_socket_connection_factory_create_connection (socket));
}

typedef struct {
  GosslTlsStream *client;
  GosslTlsStream *server;
} TlsStreamPair;

/* A client and a server stream over two connected base streams, before
 * their handshake. */
G_GNUC_UNUSED static void
tls_stream_pair_make_over (TlsStreamPair *pair, GIOStream *client_base, GIOStream *server_base,
                           GosslContext *client_ctx, GosslContext *server_ctx)
{
  g_autoptr(GError) error = NULL;

  pair->client = gossl_tls_stream_new_client (client_ctx, client_base, NULL, &error);
  g_assert_no_error (error);
  pair->server = gossl_tls_stream_new_server (server_ctx, server_base, &error);
  g_assert_no_error (error);
}

/* The same over a connected pair of sockets (client, server). */
G_GNUC_UNUSED static void
tls_stream_pair_make_on (TlsStreamPair *pair, const int fds[2], GosslContext *client_ctx,
                         GosslContext *server_ctx)
{
  g_autoptr(GIOStream) a = tls_untimed_socket_stream (fds[0]);
  g_autoptr(GIOStream) b = tls_untimed_socket_stream (fds[1]);

  tls_stream_pair_make_over (pair, a, b, client_ctx, server_ctx);
}

/* The same over a socketpair. */
G_GNUC_UNUSED static void
tls_stream_pair_make (TlsStreamPair *pair, GosslContext *client_ctx, GosslContext *server_ctx)
{
  int fds[2];

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
  tls_stream_pair_make_on (pair, fds, client_ctx, server_ctx);
}

/* The same over TCP on 127.0.0.1, where a hang-up is a FIN. */
G_GNUC_UNUSED static void
tls_stream_pair_make_tcp (TlsStreamPair *pair, GosslContext *client_ctx, GosslContext *server_ctx)
{
  guint16 port = 0;
  int listen_fd = tls_listen (&port);
  int fds[2];

  fds[0] = tls_try_connect (port);
  g_assert_cmpint (fds[0], >=, 0);
  fds[1] = tls_accept (listen_fd);
  close (listen_fd);
  tls_stream_pair_make_on (pair, fds, client_ctx, server_ctx);
}

/* Iterates @context (NULL: the global default one) until *@counter
 * reaches @target. */
G_GNUC_UNUSED static void
tls_run_until (GMainContext *context, guint *counter, guint target)
{
  while (*counter < target)
    g_main_context_iteration (context, TRUE);
}

G_GNUC_UNUSED static void
tls_stream_handshake_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gossl_tls_stream_handshake_finish (GOSSL_TLS_STREAM (source), result, &error));
  g_assert_no_error (error);
  (*(guint *) user_data)++;
}

/* The handshakes of @n pairs, all at once, on @context, which must be the
 * thread-default one (NULL: the global default one, with none pushed). */
G_GNUC_UNUSED static void
tls_stream_pairs_handshake (GMainContext *context, TlsStreamPair *pairs, guint n)
{
  guint done = 0;

  for (guint i = 0; i < n; i++)
    {
      gossl_tls_stream_handshake_async (pairs[i].client, G_PRIORITY_DEFAULT, NULL,
                                        tls_stream_handshake_done, &done);
      gossl_tls_stream_handshake_async (pairs[i].server, G_PRIORITY_DEFAULT, NULL,
                                        tls_stream_handshake_done, &done);
    }
  tls_run_until (context, &done, 2 * n);
}
