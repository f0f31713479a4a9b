/* test-tls-verify.c: a client verifies the server by default, failures say
 * precisely what went wrong (GosslSslError codes, GTlsCertificateFlags),
 * construction fails through GInitable, and the outcome of a handshake is
 * in notifying properties; against `openssl s_server` and gossl itself.
 *
 * Every test runs under the watchdog of tls-helpers.h.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "tls-helpers.h"

#include <stdlib.h>

/* --- helpers ---------------------------------------------------------------- */

/* `openssl s_server` on 127.0.0.1 serving @cert and @key (paths) to
 * @naccept connections. */
static GSubprocess *
serve (guint16 *port, const char *cert, const char *key, int naccept)
{
  g_autofree char *accept = NULL;
  g_autofree char *count = g_strdup_printf ("%d", naccept);

  *port = tls_free_port ();
  accept = g_strdup_printf ("127.0.0.1:%u", *port);
  return tls_spawn_openssl ("s_server", "-accept", accept, "-naccept", count,
                            "-cert", cert, "-key", key, NULL);
}

/* s_server with the fixture server.pem (CN=localhost, signed by ca.pem). */
static GSubprocess *
serve_fixture (guint16 *port, int naccept)
{
  g_autofree char *cert = gossl_test_file_path ("server.pem");
  g_autofree char *key = gossl_test_file_path ("server.key");

  return serve (port, cert, key, naccept);
}

static void
stop (GSubprocess *proc)
{
  tls_stop_openssl (proc);
  g_object_unref (proc);
}

static GosslContext *
new_context (GosslMethod method)
{
  g_autoptr(GError) error = NULL;
  GosslContext *ctx = gossl_context_new (method, &error);

  g_assert_no_error (error);
  return ctx;
}

static void
trust_fixture_ca (GosslContext *ctx)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ca = gossl_test_file_path ("ca.pem");

  g_assert_true (gossl_context_load_verify_locations (ctx, ca, NULL, &error));
  g_assert_no_error (error);
}

/* A blocking handshake of a client over a new socket to @port, checking
 * the server's certificate against @identity (when not NULL). */
static gboolean
client_handshake (GosslContext     *ctx,
                  guint16           port,
                  GSubprocess      *server,
                  const char       *identity,
                  GosslConnection **conn_out,
                  GError          **error)
{
  int fd = tls_connect_when_ready (port, server);
  g_autoptr(GosslConnection) conn = tls_client_connection (ctx, fd);
  gboolean ok;

  if (identity != NULL)
    g_assert_true (gossl_connection_set_verify_hostname (conn, identity, NULL));
  ok = gossl_connection_do_handshake (conn, error);
  close (fd);
  if (conn_out != NULL)
    *conn_out = g_steal_pointer (&conn);
  return ok;
}

/* A TLS stream over a new GSocketConnection to @port. */
static GosslTlsStream *
stream_to (GosslContext *ctx, guint16 port, GSubprocess *server, const char *identity)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new_from_fd (tls_connect_when_ready (port, server), &error);
  g_autoptr(GSocketConnection) tcp = NULL;
  GosslTlsStream *tls;

  g_assert_no_error (error);
  tcp = g_socket_connection_factory_create_connection (socket);
  tls = gossl_tls_stream_new_client (ctx, G_IO_STREAM (tcp), identity, &error);
  g_assert_no_error (error);
  return tls;
}

/* A copy of the fixture server.pem valid from now + @not_before to now +
 * @not_after seconds, signed again by ca.key, written to a temporary file. */
static char *
server_cert_valid (long not_before, long not_after)
{
  g_autofree char *cert_path = gossl_test_file_path ("server.pem");
  g_autofree char *ca_key_path = gossl_test_file_path ("ca.key");
  g_autoptr(BIO) in = BIO_new_file (cert_path, "r");
  g_autoptr(BIO) key_in = BIO_new_file (ca_key_path, "r");
  g_autoptr(X509) cert = PEM_read_bio_X509 (in, NULL, NULL, NULL);
  g_autoptr(EVP_PKEY) ca_key = PEM_read_bio_PrivateKey (key_in, NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BIO) out = NULL;
  char *path = NULL;
  int fd;

  g_assert_nonnull (cert);
  g_assert_nonnull (ca_key);
  g_assert_nonnull (X509_gmtime_adj (X509_getm_notBefore (cert), not_before));
  g_assert_nonnull (X509_gmtime_adj (X509_getm_notAfter (cert), not_after));
  g_assert_cmpint (X509_sign (cert, ca_key, EVP_sha256 ()), >, 0);

  fd = g_file_open_tmp ("gossl-cert-XXXXXX.pem", &path, &error);
  g_assert_no_error (error);
  close (fd);
  out = BIO_new_file (path, "w");
  g_assert_cmpint (PEM_write_bio_X509 (out, cert), ==, 1);
  return path;
}

/* Sets (or, with NULL, unsets) an environment variable OpenSSL reads when a
 * context loads the system's CAs. */
static void
set_env (const char *name, const char *value)
{
  if (value != NULL)
    g_assert_true (g_setenv (name, value, TRUE));
  else
    g_unsetenv (name);
}

/* --- secure by default ------------------------------------------------------- */

/* A client of any method verifies the server unless told otherwise: an
 * untrusted certificate fails with BAD_CERTIFICATE and UNKNOWN_CA. */
static void
test_default_untrusted (void)
{
  const GosslMethod methods[] = { GOSSL_METHOD_TLS_CLIENT, GOSSL_METHOD_TLS, GOSSL_METHOD_SSLV23 };
  guint16 port;
  GSubprocess *server = serve_fixture (&port, G_N_ELEMENTS (methods));

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(GosslContext) ctx = new_context (methods[i]);
      g_autoptr(GosslConnection) conn = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *peer = g_strdup_printf ("localhost:%u", port);

      g_assert_false (client_handshake (ctx, port, server, "localhost", &conn, &error));
      g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_BAD_CERTIFICATE);
      g_test_message ("%s", error->message);
      /* The message alone tells who and what. */
      g_assert_true (g_str_has_prefix (error->message, "The certificate of "));
      g_assert_nonnull (strstr (error->message, peer));
      g_assert_nonnull (strstr (error->message, "is not trusted: unable to get local issuer "
                                                "certificate"));
      g_assert_true (tls_errors_mention ("certificate verify failed"));
      g_assert_cmpuint (gossl_connection_get_peer_certificate_errors (conn), ==,
                        G_TLS_CERTIFICATE_UNKNOWN_CA);
      g_assert_cmpint (gossl_connection_get_verify_result (conn), ==,
                       X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    }
  stop (server);
}

/* The issue's case: a stream given a server identity, an untrusted
 * certificate for another name; both problems are reported. */
static void
test_default_stream_untrusted_wrong_name (void)
{
  g_autoptr(GosslContext) ctx = new_context (GOSSL_METHOD_TLS_CLIENT);
  g_autoptr(GosslTlsStream) tls = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;
  GSubprocess *server = serve_fixture (&port, 1);

  tls = stream_to (ctx, port, server, "wrong.example");
  g_assert_false (gossl_tls_stream_handshake (tls, NULL, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_BAD_CERTIFICATE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "is not trusted and is for another name"));
  g_assert_cmpuint (gossl_tls_stream_get_peer_certificate_errors (tls), ==,
                    G_TLS_CERTIFICATE_UNKNOWN_CA | G_TLS_CERTIFICATE_BAD_IDENTITY);
  stop (server);
}

/* Trusted, but for another name: BAD_IDENTITY alone; the right name
 * passes, from a Connection and from a TlsStream. */
static void
test_default_wrong_name (void)
{
  g_autoptr(GosslContext) ctx = new_context (GOSSL_METHOD_TLS_CLIENT);
  guint16 port;
  GSubprocess *server = serve_fixture (&port, 4);

  trust_fixture_ca (ctx);
  {
    g_autoptr(GosslConnection) conn = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_false (client_handshake (ctx, port, server, "wrong.example", &conn, &error));
    g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_BAD_CERTIFICATE);
    g_assert_nonnull (strstr (error->message, "is for another name: hostname mismatch"));
    g_assert_cmpuint (gossl_connection_get_peer_certificate_errors (conn), ==,
                      G_TLS_CERTIFICATE_BAD_IDENTITY);
  }
  {
    g_autoptr(GosslConnection) conn = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (client_handshake (ctx, port, server, "localhost", &conn, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (gossl_connection_get_peer_certificate_errors (conn), ==, 0);
  }
  {
    g_autoptr(GosslTlsStream) tls = stream_to (ctx, port, server, "wrong.example");
    g_autoptr(GError) error = NULL;

    g_assert_false (gossl_tls_stream_handshake (tls, NULL, &error));
    g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_BAD_CERTIFICATE);
    g_assert_cmpuint (gossl_tls_stream_get_peer_certificate_errors (tls), ==,
                      G_TLS_CERTIFICATE_BAD_IDENTITY);
  }
  {
    g_autoptr(GosslTlsStream) tls = stream_to (ctx, port, server, "127.0.0.1");
    g_autoptr(GError) error = NULL;

    g_assert_true (gossl_tls_stream_handshake (tls, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (gossl_tls_stream_get_peer_certificate_errors (tls), ==, 0);
  }
  stop (server);
}

/* An expired and a not yet valid certificate of a trusted CA. */
static void
test_validity (void)
{
  g_autofree char *key = gossl_test_file_path ("server.key");
  const struct {
    long not_before, not_after;
    GTlsCertificateFlags flags;
    const char *text;
  } cases[] = {
    { -2 * 86400, -86400, G_TLS_CERTIFICATE_EXPIRED, "has expired: certificate has expired" },
    { 86400, 2 * 86400, G_TLS_CERTIFICATE_NOT_ACTIVATED, "is not valid yet" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *cert = server_cert_valid (cases[i].not_before, cases[i].not_after);
      g_autoptr(GosslContext) ctx = new_context (GOSSL_METHOD_TLS_CLIENT);
      g_autoptr(GosslConnection) conn = NULL;
      g_autoptr(GError) error = NULL;
      guint16 port;
      GSubprocess *server = serve (&port, cert, key, 1);

      trust_fixture_ca (ctx);
      g_assert_false (client_handshake (ctx, port, server, "localhost", &conn, &error));
      g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_BAD_CERTIFICATE);
      g_assert_nonnull (strstr (error->message, cases[i].text));
      g_assert_cmpuint (gossl_connection_get_peer_certificate_errors (conn), ==, cases[i].flags);
      stop (server);
      g_unlink (cert);
    }
}

/* Turning verification off is one explicit call; the problems stay
 * readable after the handshake succeeded. */
static void
test_verify_none (void)
{
  g_autoptr(GosslContext) ctx = new_context (GOSSL_METHOD_TLS_CLIENT);
  g_autoptr(GosslConnection) conn = NULL;
  g_autoptr(GosslX509) peer = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;
  GSubprocess *server = serve_fixture (&port, 1);

  g_assert_cmpint (gossl_context_get_verify_mode (ctx), ==, GOSSL_VERIFY_PEER);
  gossl_context_set_verify (ctx, GOSSL_VERIFY_NONE);
  g_assert_cmpint (gossl_context_get_verify_mode (ctx), ==, GOSSL_VERIFY_NONE);
  g_assert_true (client_handshake (ctx, port, server, "wrong.example", &conn, &error));
  g_assert_no_error (error);
  peer = gossl_connection_get_peer_certificate (conn);
  g_assert_nonnull (peer);
  g_assert_cmpuint (gossl_connection_get_peer_certificate_errors (conn), ==,
                    G_TLS_CERTIFICATE_UNKNOWN_CA | G_TLS_CERTIFICATE_BAD_IDENTITY);
  stop (server);
}

/* The system's CAs (SSL_CERT_FILE standing in for them) are what a context
 * trusts by default, loaded when it first verifies; CAs of its own replace
 * them, and use-system-certdb FALSE leaves them out. */
static void
test_system_store (void)
{
  g_autofree char *ca = gossl_test_file_path ("ca.pem");
  g_autofree char *ca2 = gossl_test_file_path ("ca2.pem");
  g_autofree char *old_file = g_strdup (g_getenv ("SSL_CERT_FILE"));
  g_autofree char *old_dir = g_strdup (g_getenv ("SSL_CERT_DIR"));
  g_autoptr(GosslContext) system = new_context (GOSSL_METHOD_TLS_CLIENT);
  g_autoptr(GosslContext) own = new_context (GOSSL_METHOD_TLS_CLIENT);
  g_autoptr(GosslContext) none = new_context (GOSSL_METHOD_TLS_CLIENT);
  g_autoptr(GError) error = NULL;
  X509_STORE *store = SSL_CTX_get_cert_store (gossl_context_get_native (system));
  guint16 port;
  GSubprocess *server = serve_fixture (&port, 3);

  g_assert_true (gossl_context_load_verify_locations (own, ca2, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_context_get_use_system_certdb (none));
  gossl_context_set_use_system_certdb (none, FALSE);
  g_assert_false (gossl_context_get_use_system_certdb (none));

  set_env ("SSL_CERT_FILE", ca);
  set_env ("SSL_CERT_DIR", "/nonexistent");
  /* Nothing loaded before a verification needs it. */
  g_assert_cmpint (sk_X509_OBJECT_num (X509_STORE_get0_objects (store)), ==, 0);
  g_assert_true (client_handshake (system, port, server, "localhost", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sk_X509_OBJECT_num (X509_STORE_get0_objects (store)), ==, 1);
  g_assert_false (client_handshake (own, port, server, "localhost", NULL, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_BAD_CERTIFICATE);
  g_clear_error (&error);
  g_assert_false (client_handshake (none, port, server, "localhost", NULL, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_BAD_CERTIFICATE);
  set_env ("SSL_CERT_FILE", old_file);
  set_env ("SSL_CERT_DIR", old_dir);
  stop (server);
}

/* A server never loads the system's CAs unless it verifies clients; then
 * it verifies them against those by default. */
static void
test_server_trust (void)
{
  g_autofree char *ca = gossl_test_file_path ("ca.pem");
  g_autofree char *old_file = g_strdup (g_getenv ("SSL_CERT_FILE"));
  g_autofree char *cert = gossl_test_file_path ("client.pem");
  g_autofree char *key = gossl_test_file_path ("client.key");
  g_autoptr(GosslContext) plain = tls_server_context (GOSSL_METHOD_TLS_SERVER);
  g_autoptr(GosslContext) asking = tls_server_context (GOSSL_METHOD_TLS_SERVER);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS_CLIENT);
  g_autoptr(GError) error = NULL;

  g_assert_true (gossl_context_use_certificate_file (cctx, cert, GOSSL_FILETYPE_PEM, &error));
  g_assert_true (gossl_context_use_privatekey_file (cctx, key, GOSSL_FILETYPE_PEM, &error));
  g_assert_no_error (error);
  gossl_context_set_verify (asking, GOSSL_VERIFY_PEER | GOSSL_VERIFY_FAIL_IF_NO_PEER_CERT);
  set_env ("SSL_CERT_FILE", ca);
  for (int i = 0; i < 2; i++)
    {
      GosslContext *sctx = i == 0 ? plain : asking;
      X509_STORE *store = SSL_CTX_get_cert_store (gossl_context_get_native (sctx));
      g_auto(TlsPair) pair = { 0 };

      tls_pair_start (&pair, cctx, sctx);
      tls_pair_handshake (&pair);
      g_assert_cmpint (sk_X509_OBJECT_num (X509_STORE_get0_objects (store)), ==, i);
    }
  set_env ("SSL_CERT_FILE", old_file);
}

/* --- precise errors ----------------------------------------------------------- */

static gpointer
http_server_thread (gpointer data)
{
  int fd = tls_accept (GPOINTER_TO_INT (data));
  static const char answer[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
  char buffer[1024];

  if (recv (fd, buffer, sizeof buffer, 0) > 0 && send (fd, answer, sizeof answer - 1, 0) < 0)
    g_warning ("send: %s", g_strerror (errno));
  close (fd);
  return NULL;
}

/* A server that answers in HTTP: NOT_TLS. */
static void
test_not_tls (void)
{
  g_autoptr(GosslContext) ctx = new_context (GOSSL_METHOD_TLS_CLIENT);
  g_autoptr(GosslConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;
  int listen_fd = tls_listen (&port);
  GThread *thread = g_thread_new ("http", http_server_thread, GINT_TO_POINTER (listen_fd));
  int fd = tls_try_connect (port);

  conn = tls_client_connection (ctx, fd);
  g_assert_false (gossl_connection_do_handshake (conn, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_NOT_TLS);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "does not speak TLS"));
  g_thread_join (thread);
  close (fd);
  close (listen_fd);
}

/* --- GInitable ---------------------------------------------------------------- */

static void
test_initable (void)
{
  g_autoptr(GosslContext) ctx = new_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslContext) bare_ctx = g_object_new (GOSSL_TYPE_CONTEXT, NULL);
  g_autoptr(GInputStream) in = g_memory_input_stream_new ();
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GIOStream) base = g_simple_io_stream_new (in, out);
  g_autoptr(GosslConnection) mem = gossl_connection_new_memory (ctx, NULL);
  g_autoptr(GError) error = NULL;
  gpointer obj;

  /* No critical, no context of another method: an error. */
  g_assert_null (gossl_context_new ((GosslMethod) 2, &error)); /* SSLv3's old value */
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  obj = g_initable_new (GOSSL_TYPE_CONTEXT, NULL, &error, "method", GOSSL_METHOD_TLS_SERVER, NULL);
  g_assert_no_error (error);
  g_assert_true (GOSSL_IS_CONTEXT (obj));
  g_object_unref (obj);

  /* A connection needs a context, and an initialized one. */
  obj = g_initable_new (GOSSL_TYPE_CONNECTION, NULL, &error, NULL);
  g_assert_null (obj);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  obj = g_initable_new (GOSSL_TYPE_CONNECTION, NULL, &error, "context", bare_ctx, NULL);
  g_assert_null (obj);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);
  g_assert_null (gossl_connection_new (bare_ctx, -1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);
  obj = g_initable_new (GOSSL_TYPE_CONNECTION, NULL, &error, "context", ctx, NULL);
  g_assert_no_error (error);
  g_assert_true (GOSSL_IS_CONNECTION (obj));
  g_object_unref (obj);

  /* A stream needs a memory connection and a base stream. */
  obj = g_initable_new (GOSSL_TYPE_TLS_STREAM, NULL, &error, "base-io-stream", base, NULL);
  g_assert_null (obj);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  obj = g_initable_new (GOSSL_TYPE_TLS_STREAM, NULL, &error, "connection", mem, NULL);
  g_assert_null (obj);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  obj = g_initable_new (GOSSL_TYPE_TLS_STREAM, NULL, &error, "connection", mem,
                        "base-io-stream", base, NULL);
  g_assert_no_error (error);
  g_assert_true (GOSSL_IS_TLS_STREAM (obj));
  g_object_unref (obj);

  /* Initializing a bare object later makes it whole. */
  g_assert_true (g_initable_init (G_INITABLE (bare_ctx), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_initable_init (G_INITABLE (bare_ctx), NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (gossl_context_get_native (bare_ctx));
}

/* Objects made by g_object_new() and never initialized fail cleanly: with
 * an error where a call can give one, without a critical or a crash. */
static void
test_bare_objects (void)
{
  g_autoptr(GosslContext) ctx = g_object_new (GOSSL_TYPE_CONTEXT, "method", GOSSL_METHOD_TLS, NULL);
  g_autoptr(GosslConnection) conn = g_object_new (GOSSL_TYPE_CONNECTION, NULL);
  g_autoptr(GosslTlsStream) tls = g_object_new (GOSSL_TYPE_TLS_STREAM, NULL);
  g_autoptr(GosslContext) good = new_context (GOSSL_METHOD_TLS);
  g_autofree char *cert = gossl_test_file_path ("server.pem");
  g_autoptr(GError) error = NULL;
  guint8 buffer[16];
  const char *protos[] = { "h2", NULL };

  g_assert_false (gossl_context_use_certificate_file (ctx, cert, GOSSL_FILETYPE_PEM, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);
  g_assert_false (gossl_context_set_alpn_protos (ctx, protos, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);
  g_assert_false (gossl_context_set_min_protocol_version (ctx, G_TLS_PROTOCOL_VERSION_TLS_1_2,
                                                          &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);
  gossl_context_set_verify (ctx, GOSSL_VERIFY_PEER);
  g_assert_cmpint (gossl_context_get_verify_mode (ctx), ==, GOSSL_VERIFY_NONE);
  g_assert_null (gossl_context_get_cert_store (ctx));
  g_assert_cmpuint (gossl_context_get_options (ctx), ==, 0);

  g_assert_false (gossl_connection_do_handshake (conn, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);
  g_assert_cmpint (gossl_connection_recv_into (conn, buffer, sizeof buffer, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);
  g_assert_false (gossl_connection_shutdown (conn, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);
  g_assert_false (gossl_connection_set_context (conn, good, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);
  gossl_connection_set_connect_state (conn);
  g_assert_null (gossl_connection_get_peer_certificate (conn));
  g_assert_cmpuint (gossl_connection_get_peer_certificate_errors (conn), ==, 0);
  g_assert_null (gossl_connection_get_ciphersuite_name (conn));
  g_assert_null (gossl_connection_get_negotiated_protocol (conn));
  g_assert_cmpint (gossl_connection_get_tls_protocol_version (conn), ==,
                   G_TLS_PROTOCOL_VERSION_UNKNOWN);

  g_assert_false (gossl_tls_stream_handshake (tls, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);
  g_assert_cmpint (g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (tls)), buffer,
                                        sizeof buffer, NULL, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);
  g_assert_null (gossl_tls_stream_get_peer_certificate (tls));
  g_assert_false (g_io_stream_close (G_IO_STREAM (tls), NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
}

/* --- properties --------------------------------------------------------------- */

typedef struct {
  guint    peer_certificate;
  guint    others;
  gboolean had_certificate;  /* the value was there when notified */
} Notified;

static void
on_notify (GObject *object, GParamSpec *pspec, Notified *seen)
{
  if (g_str_equal (pspec->name, "peer-certificate"))
    {
      g_autoptr(GosslX509) cert = NULL;

      g_object_get (object, "peer-certificate", &cert, NULL);
      seen->had_certificate = cert != NULL;
      g_atomic_int_inc (&seen->peer_certificate);
    }
  else
    g_atomic_int_inc (&seen->others);
}

static void
renegotiating_server_body (TlsServer *server, GosslConnection *conn)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) got = tls_recv_exactly (conn, 5, &error);

  g_assert_no_error (error);
}

/* Notified once per handshake, by the call that ran it, with the values in
 * place; a TLS 1.2 renegotiation is a second handshake. */
static void
test_notify_connection (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_TLSV1_2);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLSV1_2);
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslX509) cert = NULL;
  g_auto(TlsPair) pair = { .server.body = renegotiating_server_body };
  Notified seen = { 0 };
  GTlsCertificateFlags flags = 0xff;
  GTlsProtocolVersion version = 0;
  g_autofree char *suite = NULL;

  gossl_context_set_options (sctx, SSL_OP_ALLOW_CLIENT_RENEGOTIATION);
  tls_pair_start (&pair, cctx, sctx);
  g_signal_connect (pair.client, "notify", G_CALLBACK (on_notify), &seen);

  g_object_get (pair.client, "peer-certificate", &cert, "peer-certificate-errors", &flags,
                "protocol-version", &version, "ciphersuite-name", &suite, NULL);
  g_assert_null (cert);
  g_assert_cmpuint (flags, ==, 0);
  g_assert_cmpint (version, ==, G_TLS_PROTOCOL_VERSION_UNKNOWN);
  g_assert_null (suite);

  g_assert_true (gossl_connection_do_handshake (pair.client, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen.peer_certificate, ==, 1);
  g_assert_cmpuint (seen.others, ==, 4);
  g_assert_true (seen.had_certificate);
  g_object_get (pair.client, "peer-certificate", &cert, "protocol-version", &version,
                "ciphersuite-name", &suite, NULL);
  g_assert_nonnull (cert);
  g_assert_cmpint (version, ==, G_TLS_PROTOCOL_VERSION_TLS_1_2);
  g_assert_cmpstr (suite, ==, gossl_connection_get_ciphersuite_name (pair.client));
  g_assert_true (g_str_has_prefix (suite, "TLS_"));

  /* More handshakes are more notifications; other I/O none. */
  g_assert_true (gossl_connection_renegotiate (pair.client, &error));
  g_assert_true (gossl_connection_do_handshake (pair.client, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen.peer_certificate, ==, 2);
  g_assert_true (gossl_connection_send_all (pair.client, (const guint8 *) "after", 5, &error));
  g_assert_no_error (error);
  tls_server_join_ok (&pair.server);
  g_assert_cmpuint (seen.peer_certificate, ==, 2);
  g_assert_cmpuint (seen.others, ==, 8);
}

typedef struct {
  gboolean done;
  GError  *error;
} Outcome;

static void
on_handshake_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Outcome *outcome = user_data;

  gossl_tls_stream_handshake_finish (GOSSL_TLS_STREAM (source), result, &outcome->error);
  outcome->done = TRUE;
}

/* The stream notifies GIO's names on the main loop's thread; its getters
 * and the protocol-version bounds use GIO's types. */
static void
test_notify_stream (void)
{
  g_autoptr(GosslContext) ctx = new_context (GOSSL_METHOD_TLS_CLIENT);
  g_autoptr(GosslTlsStream) tls = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *protocol = NULL;
  const char *offer[] = { "h2", "http/1.1", NULL };
  Notified seen = { 0 };
  Outcome outcome = { 0 };
  guint16 port;
  GSubprocess *server;

  trust_fixture_ca (ctx);
  g_assert_cmpint (gossl_context_get_max_protocol_version (ctx), ==,
                   G_TLS_PROTOCOL_VERSION_UNKNOWN);
  g_assert_true (gossl_context_set_min_protocol_version (ctx, G_TLS_PROTOCOL_VERSION_TLS_1_3,
                                                         &error));
  g_assert_no_error (error);
  g_assert_cmpint (gossl_context_get_min_protocol_version (ctx), ==,
                   G_TLS_PROTOCOL_VERSION_TLS_1_3);
  g_assert_cmpint (gossl_context_get_min_proto_version (ctx), ==, GOSSL_TLS1_3_VERSION);
  g_assert_false (gossl_context_set_max_protocol_version (ctx, G_TLS_PROTOCOL_VERSION_DTLS_1_2,
                                                          &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (gossl_context_set_alpn_protos (ctx, offer, &error));

  {
    g_autofree char *cert = gossl_test_file_path ("server.pem");
    g_autofree char *key = gossl_test_file_path ("server.key");
    g_autofree char *accept = NULL;

    port = tls_free_port ();
    accept = g_strdup_printf ("127.0.0.1:%u", port);
    server = tls_spawn_openssl ("s_server", "-accept", accept, "-naccept", "1", "-cert", cert,
                                "-key", key, "-alpn", "http/1.1", NULL);
  }
  tls = stream_to (ctx, port, server, "localhost");
  g_signal_connect (tls, "notify", G_CALLBACK (on_notify), &seen);
  gossl_tls_stream_handshake_async (tls, G_PRIORITY_DEFAULT, NULL, on_handshake_done, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (outcome.error);
  g_assert_cmpuint (seen.peer_certificate, ==, 1);
  g_assert_cmpuint (seen.others, ==, 4);
  g_assert_true (seen.had_certificate);
  g_assert_cmpint (gossl_tls_stream_get_protocol_version (tls), ==, G_TLS_PROTOCOL_VERSION_TLS_1_3);
  g_assert_cmpstr (gossl_tls_stream_get_negotiated_protocol (tls), ==, "http/1.1");
  g_object_get (tls, "negotiated-protocol", &protocol, NULL);
  g_assert_cmpstr (protocol, ==, "http/1.1");
  g_assert_nonnull (gossl_tls_stream_get_ciphersuite_name (tls));
  g_assert_cmpuint (gossl_tls_stream_get_peer_certificate_errors (tls), ==, 0);
  stop (server);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  signal (SIGPIPE, SIG_IGN);

  tls_test_add ("/tls-verify/default/untrusted", test_default_untrusted);
  tls_test_add ("/tls-verify/default/stream-untrusted-wrong-name",
                test_default_stream_untrusted_wrong_name);
  tls_test_add ("/tls-verify/default/wrong-name", test_default_wrong_name);
  tls_test_add ("/tls-verify/validity", test_validity);
  tls_test_add ("/tls-verify/verify-none", test_verify_none);
  tls_test_add ("/tls-verify/system-store", test_system_store);
  tls_test_add ("/tls-verify/server-trust", test_server_trust);
  tls_test_add ("/tls-verify/errors/not-tls", test_not_tls);
  tls_test_add ("/tls-verify/initable", test_initable);
  tls_test_add ("/tls-verify/bare-objects", test_bare_objects);
  tls_test_add ("/tls-verify/notify/connection", test_notify_connection);
  tls_test_add ("/tls-verify/notify/stream", test_notify_stream);

  return g_test_run ();
}
