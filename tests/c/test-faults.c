/* test-faults.c: hostile and broken peers, misuse, objects outliving owners
 *
 * Every fault must end in the documented GError, never in a crash, a hang
 * or a critical, and leave the process able to make the next connection:
 * each test ends with assert_healthy(), a fresh handshake and echo.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "tls-helpers.h"

#include <netinet/tcp.h>

/* --- Helpers ------------------------------------------------------------ */

/* A TCP pair over loopback: [0] the client end, [1] the server end (resets
 * need TCP: a Unix socket has no RST). */
static void
tcp_pair (int fds[2])
{
  guint16 port;
  int listener = tls_listen (&port);
  int one = 1;

  fds[0] = tls_try_connect (port);
  g_assert_cmpint (fds[0], >=, 0);
  fds[1] = tls_accept (listener);
  close (listener);
  setsockopt (fds[0], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  setsockopt (fds[1], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

/* Closes @fd with SO_LINGER 0: the peer gets a TCP RST, not a FIN. */
static void
close_with_reset (int fd)
{
  struct linger lin = { 1, 0 };

  g_assert_cmpint (setsockopt (fd, SOL_SOCKET, SO_LINGER, &lin, sizeof lin), ==, 0);
  close (fd);
}

/* Reads what is there (waiting up to 2 s for the first byte). */
static gssize
read_some (int fd, guint8 *buf, gsize len)
{
  struct pollfd pfd = { fd, POLLIN, 0 };

  if (poll (&pfd, 1, 2000) != 1)
    return 0;
  return recv (fd, buf, len, 0);
}

typedef struct {
  GosslConnection *conn;
  gboolean         ok;
  GError          *error;
} Handshake;

static gpointer
handshake_thread (gpointer data)
{
  Handshake *hs = data;

  hs->ok = gossl_connection_do_handshake (hs->conn, &hs->error);
  return NULL;
}

/* A handshaken client/server pair over @fds. */
static void
handshake_pair (int fds[2], GosslConnection **client, GosslConnection **server)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS);
  g_autoptr(GError) error = NULL;
  Handshake hs = { 0 };
  GThread *thread;

  *client = tls_client_connection (cctx, fds[0]);
  *server = tls_server_connection (sctx, fds[1]);
  hs.conn = *server;
  thread = g_thread_new ("handshake", handshake_thread, &hs);
  g_assert_true (gossl_connection_do_handshake (*client, &error));
  g_assert_no_error (error);
  g_thread_join (thread);
  g_assert_no_error (hs.error);
  g_assert_true (hs.ok);
}

/* The process still makes TLS connections after the fault: a handshake and
 * an echo over a fresh pair. */
static void
assert_healthy (void)
{
  g_autoptr(GosslConnection) client = NULL;
  g_autoptr(GosslConnection) server = NULL;
  g_autoptr(GByteArray) got = NULL;
  g_autoptr(GError) error = NULL;
  int fds[2];

  tls_socketpair (fds);
  handshake_pair (fds, &client, &server);
  g_assert_true (gossl_connection_send_all (client, (const guint8 *) "alive", 5, &error));
  g_assert_no_error (error);
  got = tls_recv_exactly (server, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (got->data, got->len, "alive", 5);
  g_clear_object (&client);
  g_clear_object (&server);
  close (fds[0]);
  close (fds[1]);
}

static void
assert_syscall_reset (const GError *error)
{
  int errnum = gossl_error_get_errno ();

  /* The reset itself, or the end of the stream when the kernel delivered
   * the FIN-less close as EOF first. */
  if (g_error_matches (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_EOF))
    g_assert_cmpint (errnum, ==, -1);
  else
    {
      g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_SYSCALL);
      if (errnum != ECONNRESET)
        g_error ("errno %d (%s), expected ECONNRESET", errnum, g_strerror (errnum));
    }
}

/* --- Resets ------------------------------------------------------------- */

static void
test_reset_during_client_handshake (void)
{
  g_autoptr(GosslContext) ctx = tls_client_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  guint8 buf[4096];
  int fds[2];

  tcp_pair (fds);
  conn = tls_client_connection (ctx, fds[0]);
  /* The "server" reads the ClientHello and resets: the client is waiting
   * for the ServerHello when the RST comes. */
  tls_set_nonblocking (fds[0], TRUE);
  g_assert_false (gossl_connection_do_handshake (conn, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_READ);
  g_clear_error (&error);
  g_assert_cmpint (read_some (fds[1], buf, sizeof buf), >, 0);
  close_with_reset (fds[1]);
  tls_set_nonblocking (fds[0], FALSE);

  g_assert_false (gossl_connection_do_handshake (conn, &error));
  assert_syscall_reset (error);
  g_clear_error (&error);
  /* Failing again is just as clean. */
  g_assert_false (gossl_connection_do_handshake (conn, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == GOSSL_SSL_ERROR);
  g_clear_object (&conn);
  close (fds[0]);
  assert_healthy ();
}

static void
test_reset_during_server_handshake (void)
{
  g_autoptr(GosslContext) ctx = tls_server_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  /* The first 11 bytes of a ClientHello record: a header promising more. */
  static const guint8 partial_hello[] = {
    0x16, 0x03, 0x01, 0x01, 0x00, 0x01, 0x00, 0x00, 0xfc, 0x03, 0x03,
  };
  int fds[2];

  tcp_pair (fds);
  conn = tls_server_connection (ctx, fds[1]);
  g_assert_cmpint (send (fds[0], partial_hello, sizeof partial_hello, 0), ==, sizeof partial_hello);
  g_usleep (50 * 1000); /* let the server read it before the reset */
  close_with_reset (fds[0]);

  g_assert_false (gossl_connection_do_handshake (conn, &error));
  assert_syscall_reset (error);
  g_clear_object (&conn);
  close (fds[1]);
  assert_healthy ();
}

static void
test_reset_mid_record (void)
{
  g_autoptr(GosslConnection) client = NULL;
  g_autoptr(GosslConnection) server = NULL;
  g_autoptr(GByteArray) got = NULL;
  g_autoptr(GError) error = NULL;
  /* An application-data record header for 256 bytes, and 40 of them. */
  guint8 partial[5 + 40] = { 0x17, 0x03, 0x03, 0x01, 0x00 };
  int fds[2];

  tcp_pair (fds);
  handshake_pair (fds, &client, &server);
  /* Whole records first: those must arrive intact. */
  g_assert_true (gossl_connection_send_all (server, (const guint8 *) "whole", 5, &error));
  g_assert_no_error (error);
  got = tls_recv_exactly (client, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (got->data, got->len, "whole", 5);

  /* Then half a record, and the server's socket resets under it. */
  memset (partial + 5, 0xa5, 40);
  g_assert_cmpint (send (fds[1], partial, sizeof partial, 0), ==, sizeof partial);
  g_usleep (50 * 1000);
  close_with_reset (fds[1]);

  g_clear_pointer (&got, g_byte_array_unref);
  got = gossl_connection_recv (client, 1024, &error);
  g_assert_null (got);
  assert_syscall_reset (error);
  g_clear_error (&error);
  /* Sending on the reset connection fails cleanly too (EPIPE or
   * ECONNRESET), without SIGPIPE. */
  g_assert_cmpint (gossl_connection_send (client, (const guint8 *) "x", 1, &error), ==, -1);
  g_assert_nonnull (error);
  g_assert_true (error->domain == GOSSL_SSL_ERROR);

  g_clear_object (&client);
  g_clear_object (&server);
  close (fds[0]);
  assert_healthy ();
}

/* --- Garbage ------------------------------------------------------------ */

static void
test_garbage_to_server (void)
{
  g_autoptr(GosslContext) ctx = tls_server_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  static const char request[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
  int fds[2];

  tls_socketpair (fds);
  conn = tls_server_connection (ctx, fds[1]);
  g_assert_cmpint (send (fds[0], request, sizeof request - 1, 0), ==, sizeof request - 1);
  g_assert_false (gossl_connection_do_handshake (conn, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_NOT_TLS);
  g_assert_true (tls_errors_mention ("http request"));
  g_clear_object (&conn);
  close (fds[0]);
  close (fds[1]);
  assert_healthy ();
}

static void
test_garbage_to_client (void)
{
  g_autoptr(GosslContext) ctx = tls_client_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GVariant) errors = NULL;
  guint8 noise[4096];
  int fds[2];

  for (gsize i = 0; i < sizeof noise; i++)
    noise[i] = (guint8) g_rand_int (rand);
  noise[0] = 0x16; /* a handshake record... */
  noise[1] = 0x03; /* ...of TLS 1.2... */
  noise[2] = 0x03;
  noise[3] = 0x0f; /* ...of 4000 bytes of noise */
  noise[4] = 0xa0;

  tls_socketpair (fds);
  conn = tls_client_connection (ctx, fds[0]);
  g_assert_cmpint (send (fds[1], noise, sizeof noise, 0), ==, sizeof noise);
  g_assert_false (gossl_connection_do_handshake (conn, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_HANDSHAKE);
  errors = gossl_error_get_openssl_errors ();
  g_assert_cmpuint (g_variant_n_children (errors), >, 0);
  g_clear_object (&conn);
  close (fds[0]);
  close (fds[1]);
  assert_healthy ();
}

static void
test_garbage_after_handshake (void)
{
  g_autoptr(GosslConnection) client = NULL;
  g_autoptr(GosslConnection) server = NULL;
  g_autoptr(GByteArray) got = NULL;
  g_autoptr(GError) error = NULL;
  /* A well-formed header of an application-data record whose content
   * cannot decrypt. */
  guint8 forged[5 + 64] = { 0x17, 0x03, 0x03, 0x00, 0x40 };
  int fds[2];

  tls_socketpair (fds);
  handshake_pair (fds, &client, &server);
  memset (forged + 5, 0x5a, 64);
  g_assert_cmpint (send (fds[1], forged, sizeof forged, 0), ==, sizeof forged);
  got = gossl_connection_recv (client, 1024, &error);
  g_assert_null (got);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_assert_true (tls_errors_mention ("bad record mac") || tls_errors_mention ("decryption failed"));
  g_clear_object (&client);
  g_clear_object (&server);
  close (fds[0]);
  close (fds[1]);
  assert_healthy ();
}

/* --- A peer that stops sending ----------------------------------------- */

static void
set_receive_timeout (int fd, int ms)
{
  struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

  g_assert_cmpint (setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), ==, 0);
}

static void
test_silent_peer_handshake (void)
{
  g_autoptr(GosslContext) ctx = tls_client_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  int fds[2];

  tls_socketpair (fds);
  set_receive_timeout (fds[0], 300);
  conn = tls_client_connection (ctx, fds[0]);
  start = g_get_monotonic_time ();
  /* The peer never answers: the socket's receive timeout ends the wait
   * with WANT_READ (EAGAIN), as on a non-blocking socket. */
  g_assert_false (gossl_connection_do_handshake (conn, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_READ);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_clear_object (&conn);
  close (fds[0]);
  close (fds[1]);
  assert_healthy ();
}

static void
test_silent_peer_then_data (void)
{
  g_autoptr(GosslConnection) client = NULL;
  g_autoptr(GosslConnection) server = NULL;
  g_autoptr(GByteArray) got = NULL;
  g_autoptr(GError) error = NULL;
  int fds[2];

  tls_socketpair (fds);
  handshake_pair (fds, &client, &server);
  set_receive_timeout (fds[0], 200);
  got = gossl_connection_recv (client, 100, &error);
  g_assert_null (got);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_READ);
  g_clear_error (&error);
  /* The timeout broke nothing: once the peer speaks, the data comes. */
  g_assert_true (gossl_connection_send_all (server, (const guint8 *) "late", 4, &error));
  g_assert_no_error (error);
  got = tls_recv_exactly (client, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (got->data, got->len, "late", 4);
  g_clear_object (&client);
  g_clear_object (&server);
  close (fds[0]);
  close (fds[1]);
  assert_healthy ();
}

/* --- The socket closed under the connection ---------------------------- */

static void
test_socket_closed_under_connection (void)
{
  g_autoptr(GosslConnection) client = NULL;
  g_autoptr(GosslConnection) server = NULL;
  g_autoptr(GByteArray) got = NULL;
  g_autoptr(GError) error = NULL;
  int fds[2];

  tls_socketpair (fds);
  handshake_pair (fds, &client, &server);
  /* The caller closes the descriptor the connection borrows. */
  close (fds[0]);

  g_assert_cmpint (gossl_connection_send (client, (const guint8 *) "x", 1, &error), ==, -1);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_SYSCALL);
  g_assert_cmpint (gossl_error_get_errno (), ==, EBADF);
  g_clear_error (&error);
  got = gossl_connection_recv (client, 10, &error);
  g_assert_null (got);
  g_assert_nonnull (error);
  g_assert_true (error->domain == GOSSL_SSL_ERROR);
  g_clear_error (&error);
  g_assert_false (gossl_connection_shutdown (client, &error));
  g_clear_error (&error);

  /* Giving the connection no socket makes every I/O call a clean error. */
  g_assert_true (gossl_connection_set_fd (client, -1, &error));
  g_assert_no_error (error);
  g_assert_false (gossl_connection_do_handshake (client, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_clear_error (&error);
  /* A closed descriptor is refused up front. */
  g_assert_false (gossl_connection_set_fd (client, fds[0], &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);

  g_clear_object (&client);
  g_clear_object (&server);
  close (fds[1]);
  assert_healthy ();
}

typedef struct {
  GosslConnection *conn;
  GError          *error;
  gboolean         started;
} Reader;

static gpointer
blocked_reader (gpointer data)
{
  Reader *reader = data;
  g_autoptr(GByteArray) got = NULL;

  g_atomic_int_set (&reader->started, TRUE);
  got = gossl_connection_recv (reader->conn, 100, &reader->error);
  g_assert_null (got);
  return NULL;
}

static void
test_socket_shut_down_under_blocked_recv (void)
{
  g_autoptr(GosslConnection) client = NULL;
  g_autoptr(GosslConnection) server = NULL;
  Reader reader = { 0 };
  GThread *thread;
  int fds[2];

  tls_socketpair (fds);
  handshake_pair (fds, &client, &server);
  reader.conn = client;
  thread = g_thread_new ("blocked-reader", blocked_reader, &reader);
  while (!g_atomic_int_get (&reader.started))
    g_usleep (1000);
  g_usleep (100 * 1000); /* in recv() by now */
  /* Another thread shuts the socket down: the blocked call returns. */
  g_assert_cmpint (shutdown (fds[0], SHUT_RDWR), ==, 0);
  g_thread_join (thread);
  g_assert_error (reader.error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_EOF);
  g_clear_error (&reader.error);

  g_clear_object (&client);
  g_clear_object (&server);
  close (fds[0]);
  close (fds[1]);
  assert_healthy ();
}

/* --- Shutting down twice, I/O after shutdown ----------------------------- */

static void
test_shutdown_twice (void)
{
  g_autoptr(GosslConnection) client = NULL;
  g_autoptr(GosslConnection) server = NULL;
  g_autoptr(GByteArray) got = NULL;
  g_autoptr(GError) error = NULL;
  int fds[2];

  tls_socketpair (fds);
  handshake_pair (fds, &client, &server);
  /* Ours sent, the peer's not received yet. */
  g_assert_true (gossl_connection_shutdown (client, &error));
  g_assert_no_error (error);
  g_assert_false (gossl_connection_get_peer_closed (client));
  /* The server sees the close_notify and answers with its own. */
  got = gossl_connection_recv (server, 10, &error);
  g_assert_null (got);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_ZERO_RETURN);
  g_clear_error (&error);
  g_assert_true (gossl_connection_shutdown (server, &error));
  g_assert_no_error (error);
  /* Again on the client: now complete; and once more: still fine. */
  g_assert_true (gossl_connection_shutdown (client, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_connection_shutdown (client, &error));
  g_assert_no_error (error);

  /* Sending after shutdown is an error, not a crash. */
  g_assert_cmpint (gossl_connection_send (client, (const guint8 *) "x", 1, &error), ==, -1);
  g_assert_nonnull (error);
  g_assert_true (error->domain == GOSSL_SSL_ERROR);
  g_clear_error (&error);
  got = gossl_connection_recv (client, 10, &error);
  g_assert_null (got);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_ZERO_RETURN);

  g_clear_object (&client);
  g_clear_object (&server);
  close (fds[0]);
  close (fds[1]);
  assert_healthy ();
}

static void
test_shutdown_after_peer_vanished (void)
{
  g_autoptr(GosslConnection) client = NULL;
  g_autoptr(GosslConnection) server = NULL;
  g_autoptr(GError) error = NULL;
  int fds[2];

  tcp_pair (fds);
  handshake_pair (fds, &client, &server);
  g_clear_object (&server);
  close_with_reset (fds[1]);
  g_usleep (50 * 1000);
  /* The close_notify cannot go out: EPIPE or ECONNRESET, no SIGPIPE (or
   * the kernel took it before it saw the reset). */
  if (!gossl_connection_shutdown (client, &error))
    g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_SYSCALL);
  g_clear_error (&error);
  g_assert_false (gossl_connection_shutdown (client, &error));
  g_clear_error (&error);
  g_clear_object (&client);
  close (fds[0]);
  assert_healthy ();
}

/* --- Objects used after their owner is gone ------------------------------ */

static void
test_name_outlives_certificate (void)
{
  g_autoptr(GBytes) pem = gossl_test_load_file ("server.pem");
  g_autoptr(GError) error = NULL;
  GosslX509 *cert = gossl_x509_new_from_data (GOSSL_FILETYPE_PEM, g_bytes_get_data (pem, NULL),
                                              g_bytes_get_size (pem), &error);
  g_autoptr(GosslX509Name) subject = NULL;
  g_autoptr(GosslX509Name) issuer = NULL;
  g_autoptr(GosslX509Extension) ext = NULL;
  g_autoptr(GosslPKey) key = NULL;
  g_autofree char *cn = NULL;
  g_autofree char *issuer_cn = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  subject = gossl_x509_get_subject (cert);
  issuer = gossl_x509_get_issuer (cert);
  ext = gossl_x509_get_extension (cert, 0, &error);
  g_assert_no_error (error);
  key = gossl_x509_get_pubkey (cert, &error);
  g_assert_no_error (error);
  g_object_unref (cert); /* the caller's last reference */

  cn = gossl_x509_name_get_entry (subject, "CN", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cn, ==, "localhost");
  issuer_cn = gossl_x509_name_get_entry (issuer, "CN", &error);
  g_assert_cmpstr (issuer_cn, ==, "gossl test CA");
  /* Still a live view: writing through it works. */
  g_assert_true (gossl_x509_name_set_entry (subject, "O", "changed", &error));
  g_assert_no_error (error);
  text = gossl_x509_extension_to_string (ext);
  g_assert_nonnull (text);
  g_assert_cmpuint (gossl_pkey_get_bits (key), ==, 2048);
  assert_healthy ();
}

static void
test_store_outlives_context (void)
{
  g_autoptr(GError) error = NULL;
  GosslContext *ctx = gossl_context_new (GOSSL_METHOD_TLS, &error);
  g_autoptr(GosslX509Store) store = NULL;
  g_autoptr(GBytes) pem = gossl_test_load_file ("ca.pem");
  g_autoptr(GosslX509) ca = NULL;
  g_autoptr(GBytes) server_pem = gossl_test_load_file ("server.pem");
  g_autoptr(GosslX509) server = NULL;

  g_assert_no_error (error);
  store = gossl_context_get_cert_store (ctx);
  g_object_unref (ctx);

  ca = gossl_x509_new_from_data (GOSSL_FILETYPE_PEM, g_bytes_get_data (pem, NULL),
                                 g_bytes_get_size (pem), &error);
  g_assert_no_error (error);
  server = gossl_x509_new_from_data (GOSSL_FILETYPE_PEM, g_bytes_get_data (server_pem, NULL),
                                     g_bytes_get_size (server_pem), &error);
  g_assert_no_error (error);
  g_assert_true (gossl_x509_store_add_cert (store, ca, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_x509_store_verify_certificate (store, server, &error));
  g_assert_no_error (error);
  assert_healthy ();
}

static void
test_connection_outlives_context (void)
{
  GosslContext *sctx = tls_server_context (GOSSL_METHOD_TLS);
  GosslContext *cctx = tls_client_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslConnection) client = NULL;
  g_autoptr(GosslConnection) server = NULL;
  g_autoptr(GosslX509) peer = NULL;
  g_autoptr(GByteArray) got = NULL;
  g_autoptr(GError) error = NULL;
  Handshake hs = { 0 };
  GThread *thread;
  int fds[2];

  tls_socketpair (fds);
  client = tls_client_connection (cctx, fds[0]);
  server = tls_server_connection (sctx, fds[1]);
  /* The callers drop their contexts before the handshake. */
  g_object_unref (cctx);
  g_object_unref (sctx);
  g_assert_true (GOSSL_IS_CONTEXT (gossl_connection_get_context (client)));

  hs.conn = server;
  thread = g_thread_new ("handshake", handshake_thread, &hs);
  g_assert_true (gossl_connection_do_handshake (client, &error));
  g_assert_no_error (error);
  g_thread_join (thread);
  g_assert_no_error (hs.error);

  g_assert_true (gossl_connection_send_all (client, (const guint8 *) "ctx", 3, &error));
  got = tls_recv_exactly (server, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (got->data, got->len, "ctx", 3);

  /* The peer certificate outlives the connection too. */
  peer = gossl_connection_get_peer_certificate (client);
  g_assert_nonnull (peer);
  g_clear_object (&client);
  g_clear_object (&server);
  {
    g_autoptr(GosslX509Name) subject = gossl_x509_get_subject (peer);
    g_autofree char *cn = gossl_x509_name_get_entry (subject, "CN", &error);

    g_assert_cmpstr (cn, ==, "localhost");
  }
  close (fds[0]);
  close (fds[1]);
  assert_healthy ();
}

static void
test_pkcs12_parts_outlive_bundle (void)
{
  g_autoptr(GBytes) data = gossl_test_load_file ("server.p12");
  g_autoptr(GError) error = NULL;
  GosslPKCS12 *p12 = gossl_pkcs12_new_from_data (g_bytes_get_data (data, NULL),
                                                 g_bytes_get_size (data),
                                                 (const guint8 *) "secret", 6, &error);
  g_autoptr(GosslX509) cert = NULL;
  g_autoptr(GosslPKey) key = NULL;
  g_autoptr(GPtrArray) cas = NULL;
  g_autoptr(GosslContext) ctx = NULL;

  g_assert_no_error (error);
  cert = gossl_pkcs12_get_certificate (p12);
  key = gossl_pkcs12_get_privatekey (p12);
  cas = gossl_pkcs12_get_ca_certificates (p12);
  g_object_unref (p12);

  ctx = gossl_context_new (GOSSL_METHOD_TLS, &error);
  g_assert_true (gossl_context_use_certificate (ctx, cert, &error));
  g_assert_true (gossl_context_use_privatekey (ctx, key, &error));
  g_assert_true (gossl_context_check_privatekey (ctx, &error));
  g_assert_no_error (error);
  g_assert_nonnull (cas);
  g_assert_cmpuint (cas->len, ==, 1);
  assert_healthy ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  tls_test_add ("/faults/reset/client-handshake", test_reset_during_client_handshake);
  tls_test_add ("/faults/reset/server-handshake", test_reset_during_server_handshake);
  tls_test_add ("/faults/reset/mid-record", test_reset_mid_record);
  tls_test_add ("/faults/garbage/to-server", test_garbage_to_server);
  tls_test_add ("/faults/garbage/to-client", test_garbage_to_client);
  tls_test_add ("/faults/garbage/after-handshake", test_garbage_after_handshake);
  tls_test_add ("/faults/silent-peer/handshake", test_silent_peer_handshake);
  tls_test_add ("/faults/silent-peer/then-data", test_silent_peer_then_data);
  tls_test_add ("/faults/closed/under-connection", test_socket_closed_under_connection);
  tls_test_add ("/faults/closed/under-blocked-recv", test_socket_shut_down_under_blocked_recv);
  tls_test_add ("/faults/shutdown/twice", test_shutdown_twice);
  tls_test_add ("/faults/shutdown/peer-vanished", test_shutdown_after_peer_vanished);
  tls_test_add ("/faults/owner-gone/name-after-certificate", test_name_outlives_certificate);
  tls_test_add ("/faults/owner-gone/store-after-context", test_store_outlives_context);
  tls_test_add ("/faults/owner-gone/connection-after-context", test_connection_outlives_context);
  tls_test_add ("/faults/owner-gone/pkcs12-parts", test_pkcs12_parts_outlive_bundle);

  return g_test_run ();
}
