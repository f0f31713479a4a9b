/* test-connection-recv-into.c: gossl_connection_recv_into() over a socket
 * pair, the server on a thread */
#include "tls-helpers.h"

typedef struct {
  GosslConnection *conn;
  const char      *message;  /* sent after the handshake, if not NULL */
  gboolean         shutdown; /* then sends close_notify */
  GError          *error;
} Server;

static gpointer
server_thread (gpointer data)
{
  Server *server = data;

  if (!gossl_connection_do_handshake (server->conn, &server->error))
    return NULL;
  if (server->message != NULL &&
      !gossl_connection_send_all (server->conn, (const guint8 *) server->message,
                                  strlen (server->message), &server->error))
    return NULL;
  if (server->shutdown)
    gossl_connection_shutdown (server->conn, &server->error);
  return NULL;
}

typedef struct {
  int              fds[2];
  GosslContext    *server_ctx;
  GosslContext    *client_ctx;
  GosslConnection *client;
  Server           server;
  GThread         *thread;
} Pair;

/* A client connection over a socket pair whose server, on a thread, sends
 * @message after the handshake (and close_notify if @shutdown). */
static void
pair_start (Pair *pair, const char *message, gboolean shutdown)
{
  g_autoptr(GError) error = NULL;

  tls_socketpair (pair->fds);
  pair->server_ctx = tls_server_context (GOSSL_METHOD_TLS);
  pair->client_ctx = tls_client_context (GOSSL_METHOD_TLS);
  pair->server.conn = gossl_connection_new (pair->server_ctx, pair->fds[0], &error);
  g_assert_no_error (error);
  gossl_connection_set_accept_state (pair->server.conn);
  pair->server.message = message;
  pair->server.shutdown = shutdown;
  pair->client = gossl_connection_new (pair->client_ctx, pair->fds[1], &error);
  g_assert_no_error (error);
  gossl_connection_set_connect_state (pair->client);
  pair->thread = g_thread_new ("tls-server", server_thread, &pair->server);
}

static void
pair_finish (Pair *pair)
{
  if (pair->thread != NULL)
    g_thread_join (g_steal_pointer (&pair->thread));
  g_assert_no_error (pair->server.error);
  g_clear_object (&pair->client);
  g_clear_object (&pair->server.conn);
  g_clear_object (&pair->client_ctx);
  g_clear_object (&pair->server_ctx);
  close (pair->fds[0]);
  close (pair->fds[1]);
}

static void
test_recv_into_fills_buffer (void)
{
  Pair pair = { 0 };
  g_autoptr(GError) error = NULL;
  guint8 buffer[64];
  gssize n;

  pair_start (&pair, "hello world", FALSE);
  memset (buffer, 0xAA, sizeof buffer);
  /* The first call runs the client's side of the handshake too. */
  n = gossl_connection_recv_into (pair.client, buffer, sizeof buffer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 11);
  g_assert_cmpmem (buffer, 11, "hello world", 11);
  /* Nothing written past what was received. */
  g_assert_cmpint (buffer[11], ==, 0xAA);
  g_assert_cmpint (buffer[63], ==, 0xAA);
  pair_finish (&pair);
}

static void
test_recv_into_short_buffer (void)
{
  Pair pair = { 0 };
  g_autoptr(GError) error = NULL;
  guint8 buffer[16];
  gssize n;

  pair_start (&pair, "0123456789", FALSE);
  memset (buffer, 0xAA, sizeof buffer);
  n = gossl_connection_recv_into (pair.client, buffer, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 4);
  g_assert_cmpmem (buffer, 4, "0123", 4);
  g_assert_cmpint (buffer[4], ==, 0xAA);
  /* The rest of the record waits, decrypted, for the next call. */
  g_assert_cmpint (gossl_connection_pending (pair.client), ==, 6);
  n = gossl_connection_recv_into (pair.client, buffer, sizeof buffer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 6);
  g_assert_cmpmem (buffer, 6, "456789", 6);
  pair_finish (&pair);
}

static void
test_recv_into_zero_length (void)
{
  g_autoptr(GosslContext) ctx = tls_client_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  guint8 byte = 0x55;
  int fds[2];

  tls_socketpair (fds);
  conn = gossl_connection_new (ctx, fds[0], &error);
  g_assert_no_error (error);
  gossl_connection_set_connect_state (conn);
  /* No handshake is started: nothing is written to the peer. */
  g_assert_cmpint (gossl_connection_recv_into (conn, &byte, 0, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (gossl_connection_recv_into (conn, NULL, 0, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (byte, ==, 0x55);
  tls_set_nonblocking (fds[1], TRUE);
  g_assert_cmpint (recv (fds[1], &byte, 1, 0), ==, -1);
  g_assert_cmpint (errno, ==, EAGAIN);
  g_clear_object (&conn);
  close (fds[0]);
  close (fds[1]);
}

static void
test_recv_into_clean_close (void)
{
  Pair pair = { 0 };
  g_autoptr(GError) error = NULL;
  guint8 buffer[32];
  gssize n;

  pair_start (&pair, "bye", TRUE);
  n = gossl_connection_recv_into (pair.client, buffer, sizeof buffer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 3);
  n = gossl_connection_recv_into (pair.client, buffer, sizeof buffer, &error);
  g_assert_cmpint (n, ==, -1);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_ZERO_RETURN);
  pair_finish (&pair);
}

static void
test_recv_into_unexpected_eof (void)
{
  Pair pair = { 0 };
  g_autoptr(GError) error = NULL;
  guint8 buffer[32];
  gssize n;

  pair_start (&pair, "x", FALSE);
  n = gossl_connection_recv_into (pair.client, buffer, sizeof buffer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 1);
  /* The server goes without close_notify. */
  g_thread_join (g_steal_pointer (&pair.thread));
  shutdown (pair.fds[0], SHUT_RDWR);
  n = gossl_connection_recv_into (pair.client, buffer, sizeof buffer, &error);
  g_assert_cmpint (n, ==, -1);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_SYSCALL);
  g_assert_cmpint (gossl_error_get_errno (), ==, -1);
  pair_finish (&pair);
}

static void
test_recv_into_no_socket (void)
{
  g_autoptr(GosslContext) ctx = tls_client_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  guint8 buffer[8];

  conn = gossl_connection_new (ctx, -1, &error);
  g_assert_no_error (error);
  gossl_connection_set_connect_state (conn);
  g_assert_cmpint (gossl_connection_recv_into (conn, buffer, sizeof buffer, &error), ==, -1);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
}

/* The same bytes as gossl_connection_recv(), across record boundaries. */
static void
test_recv_into_matches_recv (void)
{
  Pair pair = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) got = g_byte_array_new ();
  g_autofree char *message = NULL;
  guint8 buffer[1000];

  /* Two records: more than 16 KiB of plaintext. */
  message = g_strnfill (20000, 'm');
  message[16383] = 'e';
  message[19999] = 'z';
  pair_start (&pair, message, TRUE);
  for (;;)
    {
      gssize n = gossl_connection_recv_into (pair.client, buffer, sizeof buffer, &error);

      if (n < 0)
        break;
      g_assert_cmpint (n, >, 0);
      g_assert_cmpint (n, <=, sizeof buffer);
      g_byte_array_append (got, buffer, (guint) n);
    }
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_ZERO_RETURN);
  g_assert_cmpmem (got->data, got->len, message, 20000);
  pair_finish (&pair);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tls_test_add ("/connection/recv-into/fills-buffer", test_recv_into_fills_buffer);
  tls_test_add ("/connection/recv-into/short-buffer", test_recv_into_short_buffer);
  tls_test_add ("/connection/recv-into/zero-length", test_recv_into_zero_length);
  tls_test_add ("/connection/recv-into/clean-close", test_recv_into_clean_close);
  tls_test_add ("/connection/recv-into/unexpected-eof", test_recv_into_unexpected_eof);
  tls_test_add ("/connection/recv-into/no-socket", test_recv_into_no_socket);
  tls_test_add ("/connection/recv-into/matches-recv", test_recv_into_matches_recv);
  return g_test_run ();
}
