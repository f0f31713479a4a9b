/* test-connection.c: GosslConnection against real peers over real sockets */
#include "tls-helpers.h"

static gboolean
variant_mentions (GVariant *errors, const char *reason)
{
  GVariantIter iter;
  const char *lib, *func, *text;

  if (errors == NULL)
    return FALSE;
  g_variant_iter_init (&iter, errors);
  while (g_variant_iter_next (&iter, "(&s&s&s)", &lib, &func, &text))
    if (strstr (text, reason) != NULL)
      return TRUE;
  return FALSE;
}

static GosslX509 *
load_cert (const char *name)
{
  g_autoptr(GBytes) pem = gossl_test_load_file (name);
  g_autoptr(GError) error = NULL;
  GosslX509 *cert = gossl_x509_new_from_data (GOSSL_FILETYPE_PEM, g_bytes_get_data (pem, NULL),
                                              g_bytes_get_size (pem), &error);

  g_assert_no_error (error);
  return cert;
}

static gboolean
same_cert (GosslX509 *a, GosslX509 *b)
{
  g_autoptr(GByteArray) da = gossl_x509_to_data (a, GOSSL_FILETYPE_ASN1, NULL);
  g_autoptr(GByteArray) db = gossl_x509_to_data (b, GOSSL_FILETYPE_ASN1, NULL);

  return da->len == db->len && memcmp (da->data, db->data, da->len) == 0;
}

/* --- gossl <-> gossl -------------------------------------------------------- */

typedef struct {
  guint starts, dones, alerts, calls;
  GosslConnection *last_conn;
} InfoData;

static void
on_info (GosslContext *ctx, GosslConnection *conn, int where, int ret, gpointer user_data)
{
  InfoData *data = user_data;

  data->calls++;
  data->last_conn = conn;
  if (where & SSL_CB_HANDSHAKE_START)
    data->starts++;
  if (where & SSL_CB_HANDSHAKE_DONE)
    data->dones++;
  if (where & SSL_CB_ALERT)
    data->alerts++;
}

typedef struct {
  gboolean         answer;
  guint            calls;
  GosslConnection *conn;
  int              depth_seen[4];
  int              errnum[4];
  gboolean         ok[4];
  GosslX509       *leaf;
} VerifyData;

static gboolean
on_verify (GosslContext    *ctx,
           GosslConnection *conn,
           GosslX509       *cert,
           int              errnum,
           int              depth,
           gboolean         ok,
           gpointer         user_data)
{
  VerifyData *data = user_data;
  guint i = data->calls++;

  g_assert_true (GOSSL_IS_CONNECTION (conn));
  g_assert_true (GOSSL_IS_X509 (cert));
  g_assert_true (gossl_connection_get_context (conn) == ctx);
  data->conn = conn;
  if (i < G_N_ELEMENTS (data->depth_seen))
    {
      data->depth_seen[i] = depth;
      data->errnum[i] = errnum;
      data->ok[i] = ok;
    }
  if (depth == 0)
    g_set_object (&data->leaf, cert);
  return data->answer;
}

static void
test_pair_handshake (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslX509) peer_cert = NULL;
  g_autoptr(GosslX509) server_cert = load_cert ("server.pem");
  g_auto(GStrv) ciphers = NULL;
  InfoData info = { 0 };
  VerifyData verify = { TRUE };
  g_auto(TlsPair) pair = { 0 };
  GosslConnection *conn;

  g_signal_connect (cctx, "info", G_CALLBACK (on_info), &info);
  g_signal_connect (cctx, "verify", G_CALLBACK (on_verify), &verify);

  /* The server waits for the ClientHello, which the first
   * do_handshake() sends: until then the client is as new. */
  tls_pair_start (&pair, cctx, sctx);
  conn = pair.client;
  g_assert_true (gossl_connection_get_context (conn) == cctx);
  g_assert_cmpint (gossl_connection_get_fd (conn), ==, pair.client_fd);
  g_assert_null (gossl_connection_get_cipher_name (conn));
  g_assert_null (gossl_connection_get_protocol_version_name (conn));
  g_assert_null (gossl_connection_get_peer_certificate (conn));
  g_assert_nonnull (gossl_connection_state_string (conn));

  ciphers = gossl_connection_get_cipher_list (conn);
  g_assert_cmpuint (g_strv_length (ciphers), >, 3);
  g_assert_true (g_strv_contains ((const char * const *) ciphers, "TLS_AES_256_GCM_SHA384"));

  tls_pair_handshake (&pair);

  g_assert_cmpstr (gossl_connection_get_protocol_version_name (conn), ==, "TLSv1.3");
  g_assert_nonnull (gossl_connection_get_cipher_name (conn));
  g_assert_cmpstr (gossl_connection_get_cipher_name (conn), ==,
                   gossl_connection_get_cipher_name (pair.server.conn));
  g_assert_cmpstr (gossl_connection_state_string (conn), ==,
                   "SSL negotiation finished successfully");
  peer_cert = gossl_connection_get_peer_certificate (conn);
  g_assert_nonnull (peer_cert);
  g_assert_true (same_cert (peer_cert, server_cert));
  /* The server asked for no client certificate. */
  g_assert_null (gossl_connection_get_peer_certificate (pair.server.conn));

  /* The info signal saw the handshake, with the connection. */
  g_assert_cmpuint (info.starts, >=, 1);
  g_assert_cmpuint (info.dones, >=, 1);
  g_assert_cmpuint (info.calls, >, 4);
  g_assert_true (info.last_conn == conn);

  /* The verify signal saw the chain: CA (depth 1), then the server. */
  g_assert_cmpuint (verify.calls, ==, 2);
  g_assert_true (verify.conn == conn);
  g_assert_cmpint (verify.depth_seen[0], ==, 1);
  g_assert_cmpint (verify.depth_seen[1], ==, 0);
  g_assert_true (verify.ok[0] && verify.ok[1]);
  g_assert_cmpint (verify.errnum[1], ==, 0);
  g_assert_true (same_cert (verify.leaf, server_cert));
  g_clear_object (&verify.leaf);
}

static void
test_pair_tls12 (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLSV1_2);
  g_auto(TlsPair) pair = { 0 };

  tls_pair_start (&pair, cctx, sctx);
  tls_pair_handshake (&pair);
  g_assert_cmpstr (gossl_connection_get_protocol_version_name (pair.client), ==, "TLSv1.2");
  g_assert_cmpstr (gossl_connection_get_protocol_version_name (pair.server.conn), ==, "TLSv1.2");
}

static void
test_pair_tlsv1_refused (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLSV1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) errors = NULL;
  g_auto(TlsPair) pair = { 0 };

  /* The context exists; Debian's security level refuses TLS 1.0 itself. */
  tls_pair_start (&pair, cctx, sctx);
  g_assert_false (gossl_connection_do_handshake (pair.client, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_HANDSHAKE);
  errors = gossl_error_get_openssl_errors ();
  g_assert_cmpuint (g_variant_n_children (errors), >, 0);
  g_test_message ("TLSv1 client: %s", error->message);
  /* The server sees either a bad hello or nothing at all. */
  shutdown (pair.client_fd, SHUT_RDWR);
  tls_server_join (&pair.server);
  g_assert_false (pair.server.handshake_ok);
}

static void
test_handshake_info_server (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_SSLV23);
  InfoData info = { 0 };
  g_auto(TlsPair) pair = { 0 };

  /* The signal runs on the thread of the handshake (the server's here). */
  g_signal_connect (sctx, "info", G_CALLBACK (on_info), &info);
  tls_pair_start (&pair, cctx, sctx);
  tls_pair_handshake (&pair);
  g_assert_cmpuint (info.starts, >=, 1);
  g_assert_cmpuint (info.dones, >=, 1);
  g_assert_true (info.last_conn == pair.server.conn);
}

/* 4 MiB one way, its SHA-256 back. */
#define BULK_SIZE (4 * 1024 * 1024)

static void
bulk_server_body (TlsServer *server, GosslConnection *conn)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GError) error = NULL;
  const char *digest;
  gsize total = 0;

  while (total < BULK_SIZE)
    {
      g_autoptr(GByteArray) part = gossl_connection_recv (conn, 65536, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (part->len, >, 0);
      g_assert_cmpuint (part->len, <=, 65536);
      g_checksum_update (sum, part->data, part->len);
      total += part->len;
    }
  g_assert_cmpuint (total, ==, BULK_SIZE);
  digest = g_checksum_get_string (sum);
  g_assert_true (gossl_connection_send_all (conn, (const guint8 *) digest, strlen (digest), &error));
  g_assert_no_error (error);
}

static void
test_pair_bulk (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) answer = NULL;
  g_autofree guint8 *data = g_malloc (BULK_SIZE);
  g_autofree char *expected = NULL;
  g_auto(TlsPair) pair = { .server.body = bulk_server_body };

  for (gsize i = 0; i < BULK_SIZE; i += 4)
    *(guint32 *) (data + i) = g_random_int ();
  expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, BULK_SIZE);

  tls_pair_start (&pair, cctx, sctx);
  /* The first call runs the handshake. */
  g_assert_true (gossl_connection_send_all (pair.client, data, BULK_SIZE, &error));
  g_assert_no_error (error);
  answer = tls_recv_exactly (pair.client, 64, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (answer->data, answer->len, expected, 64);
  tls_server_join_ok (&pair.server);
}

static void
pending_server_body (TlsServer *server, GosslConnection *conn)
{
  guint8 block[100];
  g_autoptr(GError) error = NULL;

  memset (block, 'p', sizeof block);
  /* One record of 100 bytes. */
  g_assert_cmpint (gossl_connection_send (conn, block, sizeof block, &error), ==, sizeof block);
  g_assert_no_error (error);
}

static void
test_pending_and_send (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) part = NULL;
  g_autoptr(GByteArray) rest = NULL;
  g_autoptr(GByteArray) nothing = NULL;
  g_auto(TlsPair) pair = { .server.body = pending_server_body };
  GosslConnection *conn;

  tls_pair_start (&pair, cctx, sctx);
  conn = pair.client;
  g_assert_cmpint (gossl_connection_pending (conn), ==, 0);
  part = gossl_connection_recv (conn, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (part->len, ==, 10);
  g_assert_cmpint (gossl_connection_pending (conn), ==, 90);
  rest = gossl_connection_recv (conn, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rest->len, ==, 90);
  g_assert_cmpint (gossl_connection_pending (conn), ==, 0);

  nothing = gossl_connection_recv (conn, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nothing->len, ==, 0);
  g_assert_cmpint (gossl_connection_send (conn, (const guint8 *) "", 0, &error), ==, 0);
  g_assert_no_error (error);
}

/* --- verification ---------------------------------------------------------- */

static GosslContext *
client_cert_server_context (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ca = gossl_test_file_path ("ca.pem");
  GosslContext *ctx = tls_server_context (GOSSL_METHOD_SSLV23);

  g_assert_true (gossl_context_load_verify_locations (ctx, ca, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_context_load_client_ca (ctx, ca, &error));
  g_assert_no_error (error);
  gossl_context_set_verify (ctx, GOSSL_VERIFY_PEER | GOSSL_VERIFY_FAIL_IF_NO_PEER_CERT);
  return ctx;
}

static void
use_client_cert (GosslContext *ctx)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = gossl_test_file_path ("client.pem");
  g_autofree char *key = gossl_test_file_path ("client.key");

  g_assert_true (gossl_context_use_certificate_file (ctx, cert, GOSSL_FILETYPE_PEM, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_context_use_privatekey_file (ctx, key, GOSSL_FILETYPE_PEM, &error));
  g_assert_no_error (error);
}

/* Both views of a handshake the server refused for @reason, with @code.
 * TLS 1.3 clients finish before the server has checked their certificate,
 * so the client may only see the refusal in the next read. */
static void
assert_server_refuses_client (TlsPair *pair, int code, const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) data = NULL;

  if (gossl_connection_do_handshake (pair->client, &error))
    data = gossl_connection_recv (pair->client, 100, &error);
  g_assert_null (data);
  g_assert_nonnull (error);
  g_assert_true (error->domain == GOSSL_SSL_ERROR);
  g_test_message ("client saw: %s", error->message);

  tls_server_join (&pair->server);
  g_assert_false (pair->server.handshake_ok);
  g_assert_error (pair->server.error, GOSSL_SSL_ERROR, code);
  g_assert_true (variant_mentions (pair->server.errors, reason));
}

static void
test_client_cert_accepted (void)
{
  g_autoptr(GosslContext) sctx = client_cert_server_context ();
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslX509) peer_cert = NULL;
  g_autoptr(GosslX509) client_cert = load_cert ("client.pem");
  VerifyData verify = { TRUE };
  g_auto(TlsPair) pair = { 0 };

  g_signal_connect (sctx, "verify", G_CALLBACK (on_verify), &verify);
  use_client_cert (cctx);
  tls_pair_start (&pair, cctx, sctx);
  tls_pair_handshake (&pair);
  peer_cert = gossl_connection_get_peer_certificate (pair.server.conn);
  g_assert_nonnull (peer_cert);
  g_assert_true (same_cert (peer_cert, client_cert));
  g_assert_cmpuint (verify.calls, ==, 2);
  g_assert_true (verify.conn == pair.server.conn);
  g_assert_true (same_cert (verify.leaf, client_cert));
  g_clear_object (&verify.leaf);
}

static void
test_client_cert_missing (void)
{
  g_autoptr(GosslContext) sctx = client_cert_server_context ();
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_SSLV23);
  g_auto(TlsPair) pair = { 0 };

  tls_pair_start (&pair, cctx, sctx);
  assert_server_refuses_client (&pair, GOSSL_SSL_ERROR_CERTIFICATE_REQUIRED,
                                "peer did not return a certificate");
}

static void
test_client_cert_refused_by_handler (void)
{
  g_autoptr(GosslContext) sctx = client_cert_server_context ();
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_SSLV23);
  VerifyData verify = { FALSE };
  g_auto(TlsPair) pair = { 0 };

  g_signal_connect (sctx, "verify", G_CALLBACK (on_verify), &verify);
  use_client_cert (cctx);
  tls_pair_start (&pair, cctx, sctx);
  assert_server_refuses_client (&pair, GOSSL_SSL_ERROR_BAD_CERTIFICATE,
                                "certificate verify failed");
  /* The first refusal ends it. */
  g_assert_cmpuint (verify.calls, ==, 1);
  g_clear_object (&verify.leaf);
}

static void
test_server_refused_by_handler (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GError) error = NULL;
  VerifyData verify = { FALSE };
  g_auto(TlsPair) pair = { 0 };

  g_signal_connect (cctx, "verify", G_CALLBACK (on_verify), &verify);
  tls_pair_start (&pair, cctx, sctx);
  g_assert_false (gossl_connection_do_handshake (pair.client, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_BAD_CERTIFICATE);
  g_assert_true (tls_errors_mention ("certificate verify failed"));
  g_assert_nonnull (strstr (error->message, "certificate verify failed"));
  tls_server_join (&pair.server);
  g_assert_false (pair.server.handshake_ok);
  g_clear_object (&verify.leaf);
}

static void
test_untrusted_server (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslContext) cctx = gossl_context_new (GOSSL_METHOD_SSLV23, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(TlsPair) pair = { 0 };

  /* Verification on, no trusted CA, no handler: OpenSSL's refusal stands. */
  gossl_context_set_verify (cctx, GOSSL_VERIFY_PEER);
  tls_pair_start (&pair, cctx, sctx);
  g_assert_false (gossl_connection_do_handshake (pair.client, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_BAD_CERTIFICATE);
  g_assert_true (tls_errors_mention ("certificate verify failed"));
}

static void
test_untrusted_server_accepted_by_handler (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslContext) cctx = gossl_context_new (GOSSL_METHOD_SSLV23, NULL);
  VerifyData verify = { TRUE };
  g_auto(TlsPair) pair = { 0 };

  /* The handler overrules OpenSSL: it is told what is wrong, and accepts. */
  gossl_context_set_verify (cctx, GOSSL_VERIFY_PEER);
  g_signal_connect (cctx, "verify", G_CALLBACK (on_verify), &verify);
  tls_pair_start (&pair, cctx, sctx);
  tls_pair_handshake (&pair);
  g_assert_cmpuint (verify.calls, >=, 1);
  g_assert_false (verify.ok[0]);
  g_assert_cmpint (verify.errnum[0], ==, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
  g_clear_object (&verify.leaf);
}

static void
test_cert_store_trust (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslContext) cctx = gossl_context_new (GOSSL_METHOD_SSLV23, NULL);
  g_autoptr(GosslX509Store) store = NULL;
  g_autoptr(GosslX509) ca = load_cert ("ca.pem");
  g_autoptr(GError) error = NULL;
  g_auto(TlsPair) pair = { 0 };

  /* Trust the CA through the store instead of load_verify_locations(). */
  store = gossl_context_get_cert_store (cctx);
  g_assert_true (gossl_x509_store_add_cert (store, ca, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  gossl_context_set_verify (cctx, GOSSL_VERIFY_PEER);

  tls_pair_start (&pair, cctx, sctx);
  tls_pair_handshake (&pair);
}

/* --- closing ------------------------------------------------------------------ */

static void
shutdown_server_body (TlsServer *server, GosslConnection *conn)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) data = NULL;

  /* Ours sent, theirs not yet received. */
  g_assert_true (gossl_connection_shutdown (conn, &error));
  g_assert_no_error (error);
  g_assert_false (gossl_connection_get_peer_closed (conn));
  /* Waits for the client's close_notify. */
  g_assert_true (gossl_connection_shutdown (conn, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_connection_get_peer_closed (conn));
  data = gossl_connection_recv (conn, 10, &error);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_ZERO_RETURN);
  g_assert_null (data);
}

static void
test_zero_return (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) data = NULL;
  g_auto(TlsPair) pair = { .server.body = shutdown_server_body };

  tls_pair_start (&pair, cctx, sctx);
  g_assert_true (gossl_connection_do_handshake (pair.client, &error));

  data = gossl_connection_recv (pair.client, 10, &error);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_ZERO_RETURN);
  g_assert_null (data);
  g_clear_error (&error);
  /* The peer's close_notify came: ours completes the exchange. */
  g_assert_true (gossl_connection_get_peer_closed (pair.client));
  g_assert_true (gossl_connection_shutdown (pair.client, &error));
  g_assert_no_error (error);

  tls_server_join_ok (&pair.server);
}

static void
test_unexpected_eof (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) data = NULL;
  g_auto(TlsPair) pair = { .server.close_fd = TRUE };

  tls_pair_start (&pair, cctx, sctx);
  /* The server closes its socket without a close_notify. */
  tls_pair_handshake (&pair);

  data = gossl_connection_recv (pair.client, 10, &error);
  g_assert_null (data);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_EOF);
  g_assert_cmpstr (error->message, ==,
                   "Unexpected EOF: the peer closed the connection without a TLS close_notify");
  g_assert_cmpint (gossl_error_get_errno (), ==, -1);
}

static void
test_unexpected_eof_in_handshake (void)
{
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  int fds[2];

  /* A "server" that closes at once. */
  tls_socketpair (fds);
  close (fds[1]);
  conn = tls_client_connection (cctx, fds[0]);
  g_assert_false (gossl_connection_do_handshake (conn, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == GOSSL_SSL_ERROR);
  /* Writing the ClientHello hits EPIPE first on a socketpair. */
  g_assert_true (error->code == GOSSL_SSL_ERROR_SYSCALL || error->code == GOSSL_SSL_ERROR_EOF);
  g_assert_true (gossl_error_get_errno () == EPIPE || gossl_error_get_errno () == -1 ||
                 gossl_error_get_errno () == ECONNRESET);
  g_assert_true ((error->code == GOSSL_SSL_ERROR_EOF) == (gossl_error_get_errno () == -1));
  close (fds[0]);
}

static void
test_send_to_closed_peer (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *data = g_malloc0 (1024 * 1024);
  g_auto(TlsPair) pair = { .server.close_fd = TRUE };
  int errnum;

  /* SIGPIPE keeps its default action: without MSG_NOSIGNAL it would kill
   * this process. */
  signal (SIGPIPE, SIG_DFL);
  tls_pair_start (&pair, cctx, sctx);
  tls_pair_handshake (&pair);

  g_assert_false (gossl_connection_send_all (pair.client, data, 1024 * 1024, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_SYSCALL);
  errnum = gossl_error_get_errno ();
  g_assert_true (errnum == EPIPE || errnum == ECONNRESET);
  g_assert_cmpstr (error->message, ==, g_strerror (errnum));
}

static void
test_send_to_closed_tcp_peer (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *data = g_malloc0 (1024 * 1024);
  g_auto(TlsPair) pair = { .server.close_fd = TRUE };
  guint16 port;
  int listen_fd, client_fd, server_fd, errnum;

  signal (SIGPIPE, SIG_DFL);
  listen_fd = tls_listen (&port);
  client_fd = tls_try_connect (port);
  g_assert_cmpint (client_fd, >=, 0);
  server_fd = tls_accept (listen_fd);
  close (listen_fd);
  tls_pair_start_on (&pair, cctx, sctx, client_fd, server_fd);
  tls_pair_handshake (&pair);

  /* The first write may still go out; the peer's RST fails a later one. */
  for (int i = 0; i < 64 && error == NULL; i++)
    gossl_connection_send_all (pair.client, data, 1024 * 1024, &error);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_SYSCALL);
  errnum = gossl_error_get_errno ();
  g_assert_true (errnum == EPIPE || errnum == ECONNRESET);
}

/* --- non-blocking ------------------------------------------------------------- */

static void
test_want_read (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) data = NULL;
  g_auto(TlsPair) pair = { 0 };
  GosslConnection *conn;

  tls_pair_start (&pair, cctx, sctx);
  tls_pair_handshake (&pair);
  conn = pair.client;

  tls_set_nonblocking (pair.client_fd, TRUE);
  data = gossl_connection_recv (conn, 100, &error);
  g_assert_null (data);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_READ);
  g_assert_true (gossl_connection_want_read (conn));
  g_assert_false (gossl_connection_want_write (conn));
  g_clear_error (&error);

  /* Data arrives: the same call succeeds. */
  g_assert_true (gossl_connection_send_all (pair.server.conn, (const guint8 *) "late", 4, &error));
  g_assert_no_error (error);
  for (int i = 0; i < 500 && data == NULL; i++)
    {
      struct pollfd pfd = { pair.client_fd, POLLIN, 0 };

      g_clear_error (&error);
      poll (&pfd, 1, 20);
      data = gossl_connection_recv (conn, 100, &error);
    }
  g_assert_no_error (error);
  g_assert_cmpmem (data->data, data->len, "late", 4);
}

static void
test_want_read_handshake (void)
{
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  int fds[2];

  /* A server that never answers: the ClientHello goes out, then WANT_READ. */
  tls_socketpair (fds);
  tls_set_nonblocking (fds[0], TRUE);
  conn = tls_client_connection (cctx, fds[0]);
  g_assert_false (gossl_connection_do_handshake (conn, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_READ);
  g_assert_true (gossl_connection_want_read (conn));
  close (fds[0]);
  close (fds[1]);
}

typedef struct {
  gsize expect;
  gsize got;
} DrainData;

static void
drain_body (TlsServer *server, GosslConnection *conn)
{
  DrainData *drain = server->data;
  g_autoptr(GError) error = NULL;

  while (drain->got < drain->expect)
    {
      g_autoptr(GByteArray) part = gossl_connection_recv (conn, 65536, &error);

      g_assert_no_error (error);
      drain->got += part->len;
    }
}

static gpointer
drain_thread (gpointer user_data)
{
  TlsServer *server = user_data;

  drain_body (server, server->conn);
  return NULL;
}

static void
test_want_write (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GError) error = NULL;
  guint8 chunk[16384];
  DrainData drain = { 0, 0 };
  g_auto(TlsPair) pair = { .server.data = &drain };
  GosslConnection *conn;
  GThread *drainer;
  gsize sent = 0, left;

  memset (chunk, 'w', sizeof chunk);
  tls_pair_start (&pair, cctx, sctx);
  tls_pair_handshake (&pair);
  conn = pair.client;

  /* The server does not read: the socket fills up. */
  tls_set_nonblocking (pair.client_fd, TRUE);
  while (sent < 256 * 1024 * 1024)
    {
      gssize n = gossl_connection_send (conn, chunk, sizeof chunk, &error);

      if (n < 0)
        break;
      g_assert_cmpint (n, >, 0);
      sent += n;
    }
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_WRITE);
  g_assert_true (gossl_connection_want_write (conn));
  g_clear_error (&error);

  /* The server reads now; the same call goes through once there is room. */
  drain.expect = sent + sizeof chunk;
  drainer = g_thread_new ("drain", drain_thread, &pair.server);
  left = sizeof chunk;
  while (left > 0)
    {
      struct pollfd pfd = { pair.client_fd, POLLOUT, 0 };
      gssize n;

      poll (&pfd, 1, 100);
      n = gossl_connection_send (conn, chunk + sizeof chunk - left, left, &error);
      if (n < 0)
        {
          g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_WRITE);
          g_clear_error (&error);
          continue;
        }
      left -= n;
    }
  g_thread_join (drainer);
  g_assert_cmpuint (drain.got, ==, drain.expect);
}

/* --- descriptors ---------------------------------------------------------------- */

static void
test_fd_later (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(TlsServer) server = { 0 };
  int fds[2];

  conn = gossl_connection_new (cctx, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gossl_connection_get_fd (conn), ==, -1);
  gossl_connection_set_connect_state (conn);
  /* No transport yet. */
  g_assert_false (gossl_connection_do_handshake (conn, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_clear_error (&error);
  g_clear_object (&conn);

  g_assert_null (gossl_connection_new (cctx, 9999, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gossl_connection_new (cctx, -5, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  conn = gossl_connection_new (cctx, -1, &error);
  gossl_connection_set_connect_state (conn);
  tls_socketpair (fds);
  g_assert_false (gossl_connection_set_fd (conn, 9999, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (gossl_connection_set_fd (conn, fds[0], &error));
  g_assert_no_error (error);
  g_assert_cmpint (gossl_connection_get_fd (conn), ==, fds[0]);
  tls_server_start (&server, sctx, fds[1]);
  g_assert_true (gossl_connection_do_handshake (conn, &error));
  g_assert_no_error (error);
  tls_server_join (&server);

  /* The connection never closes the descriptor. */
  g_clear_object (&conn);
  g_assert_cmpint (fcntl (fds[0], F_GETFD), !=, -1);
  g_assert_cmpint (close (fds[0]), ==, 0);
}

/* --- renegotiation --------------------------------------------------------------- */

static void
renegotiate_server_body (TlsServer *server, GosslConnection *conn)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) data = NULL;

  /* Reading handles the client's renegotiation on the way. */
  data = tls_recv_exactly (conn, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (data->data, data->len, "after", 5);
}

static void
test_renegotiate_tls12 (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_TLSV1_2);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLSV1_2);
  g_autoptr(GError) error = NULL;
  InfoData info = { 0 };
  g_auto(TlsPair) pair = { .server.body = renegotiate_server_body };
  GosslConnection *conn;

  /* OpenSSL 3 servers refuse client renegotiation unless told otherwise. */
  gossl_context_set_options (sctx, SSL_OP_ALLOW_CLIENT_RENEGOTIATION);
  g_signal_connect (sctx, "info", G_CALLBACK (on_info), &info);
  tls_pair_start (&pair, cctx, sctx);
  conn = pair.client;
  g_assert_true (gossl_connection_do_handshake (conn, &error));
  g_assert_no_error (error);

  g_assert_false (gossl_connection_renegotiate_pending (conn));
  g_assert_true (gossl_connection_renegotiate (conn, &error));
  g_assert_no_error (error);
  /* Already pending: an error, as for every FALSE. */
  g_assert_true (gossl_connection_renegotiate_pending (conn));
  g_assert_false (gossl_connection_renegotiate (conn, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "pending"));
  g_clear_error (&error);
  g_assert_true (gossl_connection_do_handshake (conn, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_connection_send_all (conn, (const guint8 *) "after", 5, &error));
  g_assert_no_error (error);

  tls_server_join_ok (&pair.server);
  g_assert_cmpuint (info.starts, ==, 2);
}

static void
test_renegotiate_tls13 (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GError) error = NULL;
  g_auto(TlsPair) pair = { 0 };

  tls_pair_start (&pair, cctx, sctx);
  tls_pair_handshake (&pair);
  g_assert_cmpstr (gossl_connection_get_protocol_version_name (pair.client), ==, "TLSv1.3");

  g_assert_false (gossl_connection_renegotiate (pair.client, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "TLS 1.3 has no renegotiation"));
}

/* --- the openssl command line as the peer ------------------------------------------ */

static void
test_client_with_s_server (void)
{
  g_autofree char *cert = gossl_test_file_path ("server.pem");
  g_autofree char *key = gossl_test_file_path ("server.key");
  g_autofree char *accept = NULL;
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_SSLV23);
  g_autoptr(GosslConnection) conn = NULL;
  g_autoptr(GosslX509) peer_cert = NULL;
  g_autoptr(GosslX509) server_cert = load_cert ("server.pem");
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) answer = NULL;
  g_autoptr(GSubprocess) s_server = NULL;
  guint16 port = tls_free_port ();
  int fd;

  accept = g_strdup_printf ("127.0.0.1:%u", port);
  /* -rev: each line comes back reversed. Probe connections that fail do
   * not stop it; it is killed at the end. */
  s_server = tls_spawn_openssl ("s_server", "-accept", accept, "-cert", cert, "-key", key,
                                "-rev", "-quiet", NULL);
  fd = tls_connect_when_ready (port, s_server);

  conn = tls_client_connection (cctx, fd);
  g_assert_true (gossl_connection_do_handshake (conn, &error));
  g_assert_no_error (error);
  peer_cert = gossl_connection_get_peer_certificate (conn);
  g_assert_true (same_cert (peer_cert, server_cert));
  g_assert_cmpstr (gossl_connection_get_protocol_version_name (conn), ==, "TLSv1.3");

  g_assert_true (gossl_connection_send_all (conn, (const guint8 *) "hello gossl\n", 12, &error));
  g_assert_no_error (error);
  answer = tls_recv_exactly (conn, 12, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (answer->data, answer->len, "lssog olleh\n", 12);

  gossl_connection_shutdown (conn, NULL);
  g_clear_object (&conn);
  close (fd);
  tls_stop_openssl (s_server);
}

static void
test_server_with_s_client (void)
{
  g_autofree char *ca = gossl_test_file_path ("ca.pem");
  g_autofree char *client_cert = gossl_test_file_path ("client.pem");
  g_autofree char *client_key = gossl_test_file_path ("client.key");
  g_autofree char *connect = NULL;
  g_autoptr(GosslContext) sctx = client_cert_server_context ();
  g_autoptr(GosslConnection) conn = NULL;
  g_autoptr(GosslX509) peer_cert = NULL;
  g_autoptr(GosslX509) expected = load_cert ("client.pem");
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) ping = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GSubprocess) s_client = NULL;
  GOutputStream *to_client;
  VerifyData verify = { TRUE };
  guint16 port;
  int listen_fd, fd;

  g_signal_connect (sctx, "verify", G_CALLBACK (on_verify), &verify);
  listen_fd = tls_listen (&port);
  connect = g_strdup_printf ("127.0.0.1:%u", port);
  s_client = tls_spawn_openssl ("s_client", "-connect", connect, "-CAfile", ca,
                                "-cert", client_cert, "-key", client_key,
                                "-verify_return_error", "-quiet", NULL);
  fd = tls_accept (listen_fd);
  close (listen_fd);

  conn = tls_server_connection (sctx, fd);
  g_assert_true (gossl_connection_do_handshake (conn, &error));
  g_assert_no_error (error);
  peer_cert = gossl_connection_get_peer_certificate (conn);
  g_assert_true (same_cert (peer_cert, expected));
  g_assert_cmpuint (verify.calls, ==, 2);

  to_client = g_subprocess_get_stdin_pipe (s_client);
  g_assert_true (g_output_stream_write_all (to_client, "ping\n", 5, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_flush (to_client, NULL, &error));
  ping = tls_recv_exactly (conn, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (ping->data, ping->len, "ping\n", 5);

  g_assert_true (gossl_connection_send_all (conn, (const guint8 *) "pong\n", 5, &error));
  g_assert_no_error (error);
  /* Our close_notify makes s_client print what it got and exit. */
  g_assert_true (gossl_connection_shutdown (conn, &error));
  g_assert_no_error (error);
  out = tls_read_stdout (s_client);
  g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), "pong\n", 5);

  g_clear_object (&verify.leaf);
  g_clear_object (&conn);
  close (fd);
  tls_stop_openssl (s_client);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  tls_test_add ("/connection/pair/handshake", test_pair_handshake);
  tls_test_add ("/connection/pair/tls12", test_pair_tls12);
  tls_test_add ("/connection/pair/tlsv1-refused", test_pair_tlsv1_refused);
  tls_test_add ("/connection/pair/info-server", test_handshake_info_server);
  tls_test_add ("/connection/pair/bulk-4MiB", test_pair_bulk);
  tls_test_add ("/connection/pair/pending-and-send", test_pending_and_send);
  tls_test_add ("/connection/verify/client-cert-accepted", test_client_cert_accepted);
  tls_test_add ("/connection/verify/client-cert-missing", test_client_cert_missing);
  tls_test_add ("/connection/verify/client-cert-refused-by-handler", test_client_cert_refused_by_handler);
  tls_test_add ("/connection/verify/server-refused-by-handler", test_server_refused_by_handler);
  tls_test_add ("/connection/verify/untrusted-server", test_untrusted_server);
  tls_test_add ("/connection/verify/untrusted-server-accepted", test_untrusted_server_accepted_by_handler);
  tls_test_add ("/connection/verify/cert-store", test_cert_store_trust);
  tls_test_add ("/connection/close/zero-return", test_zero_return);
  tls_test_add ("/connection/close/unexpected-eof", test_unexpected_eof);
  tls_test_add ("/connection/close/eof-in-handshake", test_unexpected_eof_in_handshake);
  tls_test_add ("/connection/close/send-to-closed-peer", test_send_to_closed_peer);
  tls_test_add ("/connection/close/send-to-closed-tcp-peer", test_send_to_closed_tcp_peer);
  tls_test_add ("/connection/nonblocking/want-read", test_want_read);
  tls_test_add ("/connection/nonblocking/want-read-handshake", test_want_read_handshake);
  tls_test_add ("/connection/nonblocking/want-write", test_want_write);
  tls_test_add ("/connection/fd-later", test_fd_later);
  tls_test_add ("/connection/renegotiate/tls12", test_renegotiate_tls12);
  tls_test_add ("/connection/renegotiate/tls13", test_renegotiate_tls13);
  tls_test_add ("/connection/openssl/client-with-s_server", test_client_with_s_server);
  tls_test_add ("/connection/openssl/server-with-s_client", test_server_with_s_client);

  return g_test_run ();
}
