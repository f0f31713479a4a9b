/* test-context-modes.c: the mode flags, session cache mode and extra chain
 * certificates of GosslContext, and the shutdown state of GosslConnection */
#include "tls-helpers.h"

static void
test_mode (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_TLS, NULL);
  GosslMode before = gossl_context_get_mode (ctx);
  GosslMode after;

  /* gossl's send and receive calls rely on these. */
  g_assert_cmphex (before & GOSSL_MODE_AUTO_RETRY, ==, GOSSL_MODE_AUTO_RETRY);
  g_assert_cmphex (before & GOSSL_MODE_RELEASE_BUFFERS, ==, 0);

  after = gossl_context_set_mode (ctx, GOSSL_MODE_RELEASE_BUFFERS);
  g_assert_cmphex (after, ==, before | GOSSL_MODE_RELEASE_BUFFERS);
  g_assert_cmphex (gossl_context_get_mode (ctx), ==, after);
  g_assert_cmphex (SSL_CTX_get_mode (gossl_context_get_native (ctx)), ==, after);
  /* Adds, never clears. */
  g_assert_cmphex (gossl_context_set_mode (ctx, 0), ==, after);
}

static void
test_session_cache_mode (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_TLS, NULL);
  SSL_CTX *native = gossl_context_get_native (ctx);

  g_assert_cmphex (gossl_context_get_session_cache_mode (ctx), ==, GOSSL_SESSION_CACHE_SERVER);
  /* Returns the mode it replaces. */
  g_assert_cmphex (gossl_context_set_session_cache_mode (ctx, GOSSL_SESSION_CACHE_OFF), ==,
                   GOSSL_SESSION_CACHE_SERVER);
  g_assert_cmphex (gossl_context_get_session_cache_mode (ctx), ==, GOSSL_SESSION_CACHE_OFF);
  g_assert_cmphex (gossl_context_set_session_cache_mode (ctx, GOSSL_SESSION_CACHE_BOTH |
                                                              GOSSL_SESSION_CACHE_NO_INTERNAL), ==,
                   GOSSL_SESSION_CACHE_OFF);
  g_assert_cmphex (SSL_CTX_get_session_cache_mode (native), ==,
                   SSL_SESS_CACHE_BOTH | SSL_SESS_CACHE_NO_INTERNAL);
}

static void
test_extra_chain_cert (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS);
  g_autoptr(GBytes) ca_pem = gossl_test_load_file ("ca.pem");
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslX509) ca = gossl_x509_new_from_bytes (GOSSL_FILETYPE_PEM, ca_pem, &error);
  g_autoptr(GPtrArray) chain = NULL;
  g_auto(TlsPair) pair = { 0 };

  g_assert_no_error (error);
  g_assert_true (gossl_context_add_extra_chain_cert (sctx, ca, &error));
  g_assert_no_error (error);

  /* The peer receives it after the server's own certificate. */
  tls_pair_start (&pair, cctx, sctx);
  tls_pair_handshake (&pair);
  chain = gossl_connection_get_peer_cert_chain (pair.client);
  g_assert_nonnull (chain);
  g_assert_cmpuint (chain->len, ==, 2);
  g_assert_cmpint (X509_cmp (gossl_x509_get_native (chain->pdata[1]),
                             gossl_x509_get_native (ca)), ==, 0);
}

static void
server_closes_body (TlsServer *server, GosslConnection *conn)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) data = NULL;

  g_assert_cmphex (gossl_connection_get_shutdown (conn), ==, GOSSL_SHUTDOWN_NONE);
  data = gossl_connection_recv (conn, 10, &error);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_ZERO_RETURN);
  g_assert_cmphex (gossl_connection_get_shutdown (conn), ==, GOSSL_SHUTDOWN_RECEIVED);
  g_clear_error (&error);
  g_assert_true (gossl_connection_shutdown (conn, &error));
  g_assert_no_error (error);
  g_assert_cmphex (gossl_connection_get_shutdown (conn), ==,
                   GOSSL_SHUTDOWN_SENT | GOSSL_SHUTDOWN_RECEIVED);
}

static void
test_shutdown_state (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS);
  g_autoptr(GError) error = NULL;
  g_auto(TlsPair) pair = { .server.body = server_closes_body };

  tls_pair_start (&pair, cctx, sctx);
  g_assert_true (gossl_connection_do_handshake (pair.client, &error));
  g_assert_no_error (error);
  g_assert_cmphex (gossl_connection_get_shutdown (pair.client), ==, GOSSL_SHUTDOWN_NONE);
  gossl_connection_shutdown (pair.client, &error);
  g_assert_no_error (error);
  g_assert_cmphex (gossl_connection_get_shutdown (pair.client) & GOSSL_SHUTDOWN_SENT, ==,
                   GOSSL_SHUTDOWN_SENT);
  tls_server_join_ok (&pair.server);
}

static void
test_set_shutdown (void)
{
  g_autoptr(GosslContext) ctx = tls_client_context (GOSSL_METHOD_TLS);
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslConnection) conn = gossl_connection_new_memory (ctx, &error);

  g_assert_no_error (error);
  g_assert_cmphex (gossl_connection_get_shutdown (conn), ==, GOSSL_SHUTDOWN_NONE);
  gossl_connection_set_shutdown (conn, GOSSL_SHUTDOWN_RECEIVED);
  g_assert_cmphex (gossl_connection_get_shutdown (conn), ==, GOSSL_SHUTDOWN_RECEIVED);
  g_assert_cmpint (SSL_get_shutdown (gossl_connection_get_native (conn)), ==, SSL_RECEIVED_SHUTDOWN);
  gossl_connection_set_shutdown (conn, GOSSL_SHUTDOWN_SENT | GOSSL_SHUTDOWN_RECEIVED);
  /* Nothing is left to send or wait for. */
  g_assert_true (gossl_connection_get_peer_closed (conn));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  tls_test_add ("/context/mode", test_mode);
  tls_test_add ("/context/session-cache-mode", test_session_cache_mode);
  tls_test_add ("/context/extra-chain-cert", test_extra_chain_cert);
  tls_test_add ("/connection/shutdown-state", test_shutdown_state);
  tls_test_add ("/connection/set-shutdown", test_set_shutdown);

  return g_test_run ();
}
