/* test-connection-recv-into.c: gossl_connection_recv_into() over a socket
 * pair, the server on a thread */
#include "tls-helpers.h"

static void
send_message (TlsServer *server, GosslConnection *conn)
{
  const char *message = server->data;
  g_autoptr(GError) error = NULL;

  g_assert_true (gossl_connection_send_all (conn, (const guint8 *) message, strlen (message),
                                            &error));
  g_assert_no_error (error);
}

static void
send_message_and_close_notify (TlsServer *server, GosslConnection *conn)
{
  g_autoptr(GError) error = NULL;

  send_message (server, conn);
  gossl_connection_shutdown (conn, &error);
  g_assert_no_error (error);
}

/* A client whose server sends @message after the handshake (and
 * close_notify if @shutdown). */
static void
pair_start (TlsPair *pair, const char *message, gboolean shutdown)
{
  g_autoptr(GosslContext) server_ctx = tls_server_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslContext) client_ctx = tls_client_context (GOSSL_METHOD_TLS);

  pair->server.body = shutdown ? send_message_and_close_notify : send_message;
  pair->server.data = (gpointer) message;
  tls_pair_start (pair, client_ctx, server_ctx);
}

static void
test_recv_into_fills_buffer (void)
{
  g_auto(TlsPair) pair = { 0 };
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
  tls_server_join_ok (&pair.server);
}

static void
test_recv_into_short_buffer (void)
{
  g_auto(TlsPair) pair = { 0 };
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
  tls_server_join_ok (&pair.server);
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
  conn = tls_client_connection (ctx, fds[0]);
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
  g_auto(TlsPair) pair = { 0 };
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
  tls_server_join_ok (&pair.server);
}

static void
test_recv_into_unexpected_eof (void)
{
  g_auto(TlsPair) pair = { 0 };
  g_autoptr(GError) error = NULL;
  guint8 buffer[32];
  gssize n;

  pair_start (&pair, "x", FALSE);
  n = gossl_connection_recv_into (pair.client, buffer, sizeof buffer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 1);
  /* The server goes without close_notify. */
  tls_server_join_ok (&pair.server);
  shutdown (pair.server.fd, SHUT_RDWR);
  n = gossl_connection_recv_into (pair.client, buffer, sizeof buffer, &error);
  g_assert_cmpint (n, ==, -1);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_EOF);
  g_assert_cmpint (gossl_error_get_errno (), ==, -1);
}

static void
test_recv_into_no_socket (void)
{
  g_autoptr(GosslContext) ctx = tls_client_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  guint8 buffer[8];

  conn = tls_client_connection (ctx, -1);
  g_assert_cmpint (gossl_connection_recv_into (conn, buffer, sizeof buffer, &error), ==, -1);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
}

/* The same bytes as gossl_connection_recv(), across record boundaries. */
static void
test_recv_into_matches_recv (void)
{
  g_auto(TlsPair) pair = { 0 };
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
  tls_server_join_ok (&pair.server);
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
