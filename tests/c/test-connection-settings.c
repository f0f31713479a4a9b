/* test-connection-settings.c: client CA names, per-connection certificate,
 * key and verification mode, Finished messages, session secrets, peek and
 * SRTP profiles, over real handshakes (a socket pair, the server on a
 * thread) */
#include "tls-helpers.h"

static GosslX509 *
load_cert (const char *name)
{
  g_autoptr(GBytes) data = gossl_test_load_file (name);
  g_autoptr(GError) error = NULL;
  GosslX509 *cert = gossl_x509_new_from_data (GOSSL_FILETYPE_PEM, g_bytes_get_data (data, NULL),
                                              g_bytes_get_size (data), &error);

  g_assert_no_error (error);
  return cert;
}

static GosslPKey *
load_key (const char *name)
{
  g_autoptr(GBytes) data = gossl_test_load_file (name);
  g_autoptr(GError) error = NULL;
  GosslPKey *key = gossl_pkey_new_from_data (GOSSL_FILETYPE_PEM, g_bytes_get_data (data, NULL),
                                             g_bytes_get_size (data), NULL, 0, &error);

  g_assert_no_error (error);
  return key;
}

static void
assert_same_cert (GosslX509 *a, GosslX509 *b)
{
  g_autofree char *da = NULL;
  g_autofree char *db = NULL;

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  da = gossl_x509_digest (a, "sha256", NULL);
  db = gossl_x509_digest (b, "sha256", NULL);
  g_assert_cmpstr (da, ==, db);
}

static void
assert_names (GPtrArray *names, const char *first_cn, const char *second_cn)
{
  g_autofree char *cn0 = NULL;
  g_autofree char *cn1 = NULL;

  g_assert_nonnull (names);
  g_assert_cmpuint (names->len, ==, second_cn != NULL ? 2 : 1);
  cn0 = gossl_x509_name_get_entry (g_ptr_array_index (names, 0), "CN", NULL);
  g_assert_cmpstr (cn0, ==, first_cn);
  if (second_cn != NULL)
    {
      cn1 = gossl_x509_name_get_entry (g_ptr_array_index (names, 1), "CN", NULL);
      g_assert_cmpstr (cn1, ==, second_cn);
    }
}

static char *
subject_cn (const char *file)
{
  g_autoptr(GosslX509) cert = load_cert (file);
  g_autoptr(GosslX509Name) subject = gossl_x509_get_subject (cert);

  return gossl_x509_name_get_entry (subject, "CN", NULL);
}

/* The server asks for a client certificate (and takes none): the client
 * reads the CA names of the request. */
static void
test_client_ca_list_sent (void)
{
  g_autoptr(GosslContext) server_ctx = tls_server_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslContext) client_ctx = tls_client_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslX509) ca = load_cert ("ca.pem");
  g_autoptr(GosslX509) ca2 = load_cert ("ca2.pem");
  g_autoptr(GosslX509Name) ca_name = gossl_x509_get_subject (ca);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) client_names = NULL;
  g_autoptr(GPtrArray) server_names = NULL;
  g_autofree char *ca_cn = subject_cn ("ca.pem");
  g_autofree char *ca2_cn = subject_cn ("ca2.pem");
  g_auto(TlsPair) pair = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (gossl_context_set_client_ca_list (server_ctx, &ca_name, 1, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_context_add_client_ca (server_ctx, ca2, &error));
  g_assert_no_error (error);
  gossl_context_set_verify (server_ctx, GOSSL_VERIFY_PEER);

  tls_pair_start (&pair, client_ctx, server_ctx);
  before = gossl_connection_get_client_ca_list (pair.client);
  g_assert_cmpuint (before->len, ==, 0);
  tls_pair_handshake (&pair);

  client_names = gossl_connection_get_client_ca_list (pair.client);
  assert_names (client_names, ca_cn, ca2_cn);
  server_names = gossl_connection_get_client_ca_list (pair.server.conn);
  assert_names (server_names, ca_cn, ca2_cn);
}

/* A connection's own list replaces its context's; an empty one sends
 * none. */
static void
test_client_ca_list_per_connection (void)
{
  g_autoptr(GosslContext) server_ctx = tls_server_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslContext) client_ctx = tls_client_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslX509) ca = load_cert ("ca.pem");
  g_autoptr(GPtrArray) client_names = NULL;
  g_auto(TlsPair) pair = { 0 };
  g_autoptr(GError) error = NULL;
  int fds[2];

  g_assert_true (gossl_context_add_client_ca (server_ctx, ca, &error));
  g_assert_no_error (error);
  gossl_context_set_verify (server_ctx, GOSSL_VERIFY_PEER);

  tls_socketpair (fds);
  pair.client_fd = fds[0];
  pair.client = tls_client_connection (client_ctx, fds[0]);
  pair.server.fd = fds[1];
  pair.server.conn = tls_server_connection (server_ctx, fds[1]);
  g_assert_true (gossl_connection_set_client_ca_list (pair.server.conn, NULL, 0, &error));
  g_assert_no_error (error);
  pair.server.thread = g_thread_new ("tls-server", tls_server_thread, &pair.server);
  tls_pair_handshake (&pair);

  client_names = gossl_connection_get_client_ca_list (pair.client);
  g_assert_cmpuint (client_names->len, ==, 0);
}

static void
test_client_ca_list_bad_input (void)
{
  g_autoptr(GosslContext) ctx = tls_server_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslConnection) conn = NULL;
  g_autoptr(GosslX509) ca = load_cert ("ca.pem");
  g_autoptr(GosslX509Name) ca_name = gossl_x509_get_subject (ca);
  g_autoptr(GosslX509) empty = gossl_x509_new ();
  g_autoptr(GPtrArray) names = NULL;
  GosslX509Name *with_null[2] = { ca_name, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_false (gossl_context_set_client_ca_list (ctx, with_null, 2, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  conn = gossl_connection_new_memory (ctx, &error);
  g_assert_no_error (error);
  g_assert_false (gossl_connection_set_client_ca_list (conn, with_null, 2, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* The failed calls changed nothing. */
  names = gossl_connection_get_client_ca_list (conn);
  g_assert_cmpuint (names->len, ==, 0);
}

/* A server whose context has no certificate serves the one its connection
 * was given. */
static void
test_use_certificate_per_connection (void)
{
  g_autoptr(GosslContext) server_ctx = gossl_context_new (GOSSL_METHOD_TLS, NULL);
  g_autoptr(GosslContext) client_ctx = tls_client_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslX509) cert = load_cert ("server.pem");
  g_autoptr(GosslPKey) key = load_key ("server.key");
  g_autoptr(GosslX509) own = NULL;
  g_autoptr(GosslX509) peer = NULL;
  g_autoptr(GosslConnection) other = NULL;
  g_auto(TlsPair) pair = { 0 };
  g_autoptr(GError) error = NULL;
  int fds[2];

  other = gossl_connection_new_memory (server_ctx, &error);
  g_assert_no_error (error);
  g_assert_null (gossl_connection_get_certificate (other));

  tls_socketpair (fds);
  pair.client_fd = fds[0];
  pair.client = tls_client_connection (client_ctx, fds[0]);
  pair.server.fd = fds[1];
  pair.server.conn = tls_server_connection (server_ctx, fds[1]);
  g_assert_true (gossl_connection_use_certificate (pair.server.conn, cert, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_connection_use_privatekey (pair.server.conn, key, &error));
  g_assert_no_error (error);
  own = gossl_connection_get_certificate (pair.server.conn);
  g_assert_nonnull (own);
  assert_same_cert (own, cert);
  pair.server.thread = g_thread_new ("tls-server", tls_server_thread, &pair.server);
  tls_pair_handshake (&pair);

  peer = gossl_connection_get_peer_certificate (pair.client);
  assert_same_cert (peer, cert);
  /* The context did not get them. */
  g_assert_null (gossl_connection_get_certificate (other));
}

static void
test_use_privatekey_mismatch (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_TLS, NULL);
  g_autoptr(GosslConnection) conn = gossl_connection_new_memory (ctx, NULL);
  g_autoptr(GosslX509) cert = load_cert ("ca.pem");
  g_autoptr(GosslX509) empty = gossl_x509_new ();
  g_autoptr(GosslPKey) key = load_key ("server.key");
  g_autoptr(GosslPKey) no_key = gossl_pkey_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (gossl_connection_use_certificate (conn, cert, &error));
  g_assert_no_error (error);
  g_assert_false (gossl_connection_use_privatekey (conn, key, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_assert_true (tls_errors_mention ("key values mismatch"));
  g_clear_error (&error);

  g_assert_false (gossl_connection_use_privatekey (conn, no_key, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_connection_use_certificate (conn, empty, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
}

/* A client that would refuse the server (it trusts no CA) is told not to
 * verify, on its connection only. */
static void
test_set_verify_per_connection (void)
{
  g_autoptr(GosslContext) server_ctx = tls_server_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslContext) client_ctx = gossl_context_new (GOSSL_METHOD_TLS, NULL);
  g_autoptr(GosslConnection) other = NULL;
  g_auto(TlsPair) pair = { 0 };
  g_autoptr(GError) error = NULL;
  int fds[2];

  gossl_context_set_use_system_certdb (client_ctx, FALSE);
  gossl_context_set_verify (client_ctx, GOSSL_VERIFY_PEER);
  tls_socketpair (fds);
  pair.client_fd = fds[0];
  pair.client = gossl_connection_new (client_ctx, fds[0], &error);
  g_assert_no_error (error);
  g_assert_cmpint (gossl_connection_get_verify_mode (pair.client), ==, GOSSL_VERIFY_PEER);
  gossl_connection_set_verify (pair.client, GOSSL_VERIFY_NONE);
  gossl_connection_set_connect_state (pair.client);
  g_assert_cmpint (gossl_connection_get_verify_mode (pair.client), ==, GOSSL_VERIFY_NONE);
  g_assert_cmpint (gossl_context_get_verify_mode (client_ctx), ==, GOSSL_VERIFY_PEER);
  tls_server_start (&pair.server, server_ctx, fds[1]);
  tls_pair_handshake (&pair);

  /* Another connection of the same context still verifies, and fails. */
  tls_pair_clear (&pair);
  memset (&pair, 0, sizeof pair);
  tls_pair_start (&pair, client_ctx, server_ctx);
  g_assert_false (gossl_connection_do_handshake (pair.client, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_BAD_CERTIFICATE);
}

static gboolean
refuse (GosslContext *ctx, GosslConnection *conn, GosslX509 *cert, int errnum, int depth,
        gboolean ok, gpointer data)
{
  (*(int *) data)++;
  return FALSE;
}

static gboolean
accept_and_count (GosslConnection *conn, GosslX509 *cert, int errnum, int depth,
                  gboolean ok, gpointer data)
{
  (*(int *) data)++;
  return TRUE;
}

/* The connection's own ::verify handler decides instead of its context's;
 * the other connections keep the context's. */
static void
test_verify_signal_per_connection (void)
{
  g_autoptr(GosslContext) server_ctx = tls_server_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslContext) client_ctx = gossl_context_new (GOSSL_METHOD_TLS, NULL);
  g_auto(TlsPair) pair = { 0 };
  g_autoptr(GError) error = NULL;
  int context_calls = 0, own_calls = 0;

  gossl_context_set_use_system_certdb (client_ctx, FALSE);
  gossl_context_set_verify (client_ctx, GOSSL_VERIFY_PEER);
  g_signal_connect (client_ctx, "verify", G_CALLBACK (refuse), &context_calls);

  tls_pair_start (&pair, client_ctx, server_ctx);
  g_signal_connect (pair.client, "verify", G_CALLBACK (accept_and_count), &own_calls);
  tls_pair_handshake (&pair);
  g_assert_cmpint (own_calls, >, 0);
  g_assert_cmpint (context_calls, ==, 0);

  tls_pair_clear (&pair);
  memset (&pair, 0, sizeof pair);
  tls_pair_start (&pair, client_ctx, server_ctx);
  g_assert_false (gossl_connection_do_handshake (pair.client, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_BAD_CERTIFICATE);
  g_assert_cmpint (context_calls, >, 0);
}

/* A client of a context without an explicit mode keeps the mode set on its
 * connection when its role is set afterwards. */
static void
test_set_verify_survives_role (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_TLS, NULL);
  g_autoptr(GosslConnection) conn = gossl_connection_new_memory (ctx, NULL);

  gossl_connection_set_verify (conn, GOSSL_VERIFY_NONE);
  gossl_connection_set_connect_state (conn);
  g_assert_cmpint (gossl_connection_get_verify_mode (conn), ==, GOSSL_VERIFY_NONE);
  gossl_connection_set_verify (conn, GOSSL_VERIFY_PEER | GOSSL_VERIFY_FAIL_IF_NO_PEER_CERT);
  gossl_connection_set_accept_state (conn);
  g_assert_cmpint (gossl_connection_get_verify_mode (conn), ==,
                   GOSSL_VERIFY_PEER | GOSSL_VERIFY_FAIL_IF_NO_PEER_CERT);
}

static void
assert_same_bytes (GBytes *a, GBytes *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpuint (g_bytes_get_size (a), >, 0);
  g_assert_true (g_bytes_equal (a, b));
}

/* What one side sent is what the other read; the session secrets are the
 * same on both sides. TLS 1.2: with TLS 1.3 a client's session has its
 * secret only once the server's ticket is read. */
static void
test_finished_and_secrets (void)
{
  g_autoptr(GosslContext) server_ctx = tls_server_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslContext) client_ctx = tls_client_context (GOSSL_METHOD_TLS);
  g_auto(TlsPair) pair = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cf = NULL, cpf = NULL, sf = NULL, spf = NULL;
  g_autoptr(GBytes) ckey = NULL, skey = NULL;
  g_autoptr(GBytes) crand = NULL, srand = NULL, crand2 = NULL, srand2 = NULL;

  g_assert_true (gossl_context_set_max_proto_version (client_ctx, GOSSL_TLS1_2_VERSION, &error));
  g_assert_no_error (error);
  tls_pair_start (&pair, client_ctx, server_ctx);
  g_assert_null (gossl_connection_get_finished (pair.client));
  g_assert_null (gossl_connection_get_peer_finished (pair.client));
  g_assert_null (gossl_connection_get_master_key (pair.client));
  g_assert_null (gossl_connection_get_client_random (pair.client));
  g_assert_null (gossl_connection_get_server_random (pair.client));
  tls_pair_handshake (&pair);

  cf = gossl_connection_get_finished (pair.client);
  cpf = gossl_connection_get_peer_finished (pair.client);
  sf = gossl_connection_get_finished (pair.server.conn);
  spf = gossl_connection_get_peer_finished (pair.server.conn);
  assert_same_bytes (cf, spf);
  assert_same_bytes (sf, cpf);
  g_assert_false (g_bytes_equal (cf, sf));

  ckey = gossl_connection_get_master_key (pair.client);
  skey = gossl_connection_get_master_key (pair.server.conn);
  assert_same_bytes (ckey, skey);
  crand = gossl_connection_get_client_random (pair.client);
  crand2 = gossl_connection_get_client_random (pair.server.conn);
  assert_same_bytes (crand, crand2);
  g_assert_cmpuint (g_bytes_get_size (crand), ==, 32);
  srand = gossl_connection_get_server_random (pair.client);
  srand2 = gossl_connection_get_server_random (pair.server.conn);
  assert_same_bytes (srand, srand2);
  g_assert_false (g_bytes_equal (crand, srand));
}

static void
send_xy (TlsServer *server, GosslConnection *conn)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gossl_connection_send_all (conn, (const guint8 *) "xy", 2, &error));
  g_assert_no_error (error);
}

static void
test_peek (void)
{
  g_autoptr(GosslContext) server_ctx = tls_server_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslContext) client_ctx = tls_client_context (GOSSL_METHOD_TLS);
  g_auto(TlsPair) pair = { 0 };
  g_autoptr(GError) error = NULL;

  pair.server.body = send_xy;
  tls_pair_start (&pair, client_ctx, server_ctx);
  tls_pair_handshake (&pair);
  for (int i = 0; i < 2; i++)
    {
      g_autoptr(GByteArray) peeked = gossl_connection_peek (pair.client, 16, &error);

      g_assert_no_error (error);
      g_assert_cmpmem (peeked->data, peeked->len, "xy", 2);
    }
  {
    g_autoptr(GByteArray) got = gossl_connection_recv (pair.client, 16, &error);

    g_assert_no_error (error);
    g_assert_cmpmem (got->data, got->len, "xy", 2);
  }
  g_assert_cmpint (gossl_connection_pending (pair.client), ==, 0);
}

static void
test_total_renegotiations_before (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_TLS, NULL);
  g_autoptr(GosslConnection) conn = gossl_connection_new_memory (ctx, NULL);

  g_assert_cmpint (gossl_connection_get_total_renegotiations (conn), ==, 0);
}

static void
test_srtp_profiles (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_TLS, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (gossl_context_set_tlsext_use_srtp (ctx, "SRTP_AES128_CM_SHA1_80", &error));
  g_assert_no_error (error);
  g_assert_false (gossl_context_set_tlsext_use_srtp (ctx, "SRTP_BOGUS", &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (gossl_context_set_tlsext_use_srtp (ctx, "", &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tls_test_add ("/connection/client-ca-list/sent", test_client_ca_list_sent);
  tls_test_add ("/connection/client-ca-list/per-connection", test_client_ca_list_per_connection);
  tls_test_add ("/connection/client-ca-list/bad-input", test_client_ca_list_bad_input);
  tls_test_add ("/connection/use-certificate", test_use_certificate_per_connection);
  tls_test_add ("/connection/use-privatekey/mismatch", test_use_privatekey_mismatch);
  tls_test_add ("/connection/set-verify/per-connection", test_set_verify_per_connection);
  tls_test_add ("/connection/set-verify/survives-role", test_set_verify_survives_role);
  tls_test_add ("/connection/verify-signal", test_verify_signal_per_connection);
  tls_test_add ("/connection/finished-and-secrets", test_finished_and_secrets);
  tls_test_add ("/connection/peek", test_peek);
  tls_test_add ("/connection/total-renegotiations", test_total_renegotiations_before);
  tls_test_add ("/context/srtp-profiles", test_srtp_profiles);
  return g_test_run ();
}
