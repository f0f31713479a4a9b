/* test-bare-objects.c: every public type made with a bare g_object_new(),
 * as a binding's plain constructor makes it (PyGObject's `Gossl.X()`,
 * GJS's `new Gossl.X()`), then every public method called on it.
 *
 * Each type runs in a child process (g_test_trap_subprocess()), so that a
 * crash fails its own case; the children inherit G_DEBUG=fatal-criticals,
 * so a critical fails it too. An object either works as an empty one or
 * fails each call with a GError.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-test-util.h"

#include <gio/gio.h>

#include <sys/socket.h>
#include <unistd.h>

/* A call that may succeed or fail, but never fails without saying why. */
static void
either (gboolean ok, GError **error)
{
  if (ok)
    g_assert_no_error (*error);
  else
    g_assert_nonnull (*error);
  g_clear_error (error);
}

/* A call that must fail with @domain and @code. */
static void
fails (gboolean ok, GError **error, GQuark domain, int code)
{
  g_assert_false (ok);
  g_assert_error (*error, domain, code);
  g_clear_error (error);
}

/* Runs the current test's body in a child and checks that the child
 * neither crashed nor complained. */
static void
run_in_child (void)
{
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr_unmatched ("*CRITICAL*");
  g_test_trap_assert_stderr_unmatched ("*WARNING*");
}

static GosslContext *
real_context (void)
{
  g_autoptr(GError) error = NULL;
  GosslContext *ctx = gossl_context_new (GOSSL_METHOD_TLS, &error);

  g_assert_no_error (error);
  return ctx;
}

static GosslConnection *
real_memory_connection (void)
{
  g_autoptr(GosslContext) ctx = real_context ();
  g_autoptr(GError) error = NULL;
  GosslConnection *conn = gossl_connection_new_memory (ctx, &error);

  g_assert_no_error (error);
  return conn;
}

static GIOStream *
memory_io_stream (void)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new ();
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  return g_simple_io_stream_new (in, out);
}

/* Every call on a connection without an SSL (no context, or an unusable
 * one): an error of GOSSL_SSL_ERROR and @code, or an empty answer. */
static void
check_connection_without_ssl (GosslConnection *conn, GQuark domain, int code)
{
  g_autoptr(GosslContext) ctx = real_context ();
  g_autoptr(GosslSession) session = gossl_session_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) bytes = NULL;
  g_auto(GStrv) ciphers = NULL;
  const char *protos[] = { "h2", NULL };
  guint8 buffer[16];
  int fds[2];

#define FAILED(call) fails ((call), &error, domain, code)
  FAILED (gossl_connection_do_handshake (conn, &error));
  FAILED (gossl_connection_send (conn, (const guint8 *) "x", 1, &error) >= 0);
  FAILED (gossl_connection_send_all (conn, (const guint8 *) "x", 1, &error));
  FAILED ((bytes = gossl_connection_recv (conn, sizeof buffer, &error)) != NULL);
  FAILED (gossl_connection_recv_into (conn, buffer, sizeof buffer, &error) >= 0);
  FAILED (gossl_connection_renegotiate (conn, &error));
  FAILED (gossl_connection_shutdown (conn, &error));
  FAILED (gossl_connection_bio_write (conn, (const guint8 *) "x", 1, &error) >= 0);
  FAILED ((bytes = gossl_connection_bio_read (conn, sizeof buffer, &error)) != NULL);
  FAILED (gossl_connection_bio_shutdown (conn, &error));
  FAILED (gossl_connection_set_context (conn, ctx, &error));
  FAILED (gossl_connection_set_tlsext_host_name (conn, "example.com", &error));
  FAILED (gossl_connection_set_verify_hostname (conn, "example.com", &error));
  FAILED (gossl_connection_set_alpn_protos (conn, protos, &error));
  FAILED (gossl_connection_set_session (conn, session, &error));
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
  FAILED (gossl_connection_set_fd (conn, fds[0], &error));
  close (fds[0]);
  close (fds[1]);
#undef FAILED

  g_assert_cmpint (gossl_connection_get_fd (conn), ==, -1);
  g_assert_false (gossl_connection_is_memory (conn));
  gossl_connection_set_accept_state (conn);
  gossl_connection_set_connect_state (conn);
  g_assert_cmpint (gossl_connection_pending (conn), ==, 0);
  g_assert_nonnull (gossl_connection_state_string (conn));
  g_assert_false (gossl_connection_want_read (conn));
  g_assert_false (gossl_connection_want_write (conn));
  g_assert_null (gossl_connection_get_peer_certificate (conn));
  ciphers = gossl_connection_get_cipher_list (conn);
  g_assert_nonnull (ciphers);
  g_assert_cmpuint (g_strv_length (ciphers), ==, 0);
  g_assert_null (gossl_connection_get_cipher_name (conn));
  g_assert_null (gossl_connection_get_protocol_version_name (conn));
  g_assert_null (gossl_connection_get_servername (conn));
  g_assert_cmpint (gossl_connection_get_verify_result (conn), ==, 0);
  g_assert_null (gossl_connection_get_alpn_proto_negotiated (conn));
  g_assert_null (gossl_connection_get_peer_cert_chain (conn));
  g_assert_null (gossl_connection_get_verified_chain (conn));
  g_assert_cmpint (gossl_connection_get_protocol_version (conn), ==, 0);
  g_assert_cmpint (gossl_connection_get_cipher_bits (conn), ==, -1);
  g_assert_null (gossl_connection_get_cipher_version (conn));
  g_assert_null (gossl_connection_get_session (conn));
  g_assert_false (gossl_connection_session_reused (conn));
}

/* --- Crypto types ------------------------------------------------------------ */

static void
test_x509 (void)
{
  g_autoptr(GosslX509) cert = NULL;
  g_autoptr(GosslX509) other = NULL;
  g_autoptr(GosslX509Name) name = NULL;
  g_autoptr(GosslX509Name) bare_name = NULL;
  g_autoptr(GosslPKey) bare_key = NULL;
  g_autoptr(GosslPKey) key = NULL;
  g_autoptr(GosslX509Extension) bare_ext = NULL;
  g_autoptr(GosslX509Extension) ext = NULL;
  g_autoptr(GByteArray) data = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ();
      return;
    }

  cert = g_object_new (GOSSL_TYPE_X509, NULL);
  bare_name = g_object_new (GOSSL_TYPE_X509_NAME, NULL);
  bare_key = g_object_new (GOSSL_TYPE_PKEY, NULL);
  bare_ext = g_object_new (GOSSL_TYPE_X509_EXTENSION, NULL);

  data = gossl_x509_to_data (cert, GOSSL_FILETYPE_PEM, &error);
  either (data != NULL, &error);
  g_clear_pointer (&data, g_byte_array_unref);
  other = gossl_x509_copy (cert);
  g_assert_true (GOSSL_IS_X509 (other));
  (void) gossl_x509_get_version (cert);
  either (gossl_x509_set_version (cert, 2, &error), &error);
  g_clear_pointer (&text, g_free);
  text = gossl_x509_get_serial_number (cert);
  either (gossl_x509_set_serial_number (cert, "ff", &error), &error);
  name = gossl_x509_get_subject (cert);
  g_assert_true (GOSSL_IS_X509_NAME (name));
  g_clear_object (&name);
  either (gossl_x509_set_subject (cert, bare_name, &error), &error);
  g_clear_pointer (&text, g_free);
  text = gossl_x509_get_subject_entry (cert, "CN", &error);
  either (text != NULL || error == NULL, &error);
  name = gossl_x509_get_issuer (cert);
  g_assert_true (GOSSL_IS_X509_NAME (name));
  g_clear_object (&name);
  g_clear_pointer (&text, g_free);
  text = gossl_x509_get_issuer_entry (cert, "CN", &error);
  either (text != NULL || error == NULL, &error);
  either (gossl_x509_set_issuer (cert, bare_name, &error), &error);
  key = gossl_x509_get_pubkey (cert, &error);
  either (key != NULL, &error);
  g_clear_object (&key);
  either (gossl_x509_set_pubkey (cert, bare_key, &error), &error);
  g_assert_true (gossl_x509_gmtime_adj_not_before (cert, 0, NULL));
  g_assert_true (gossl_x509_gmtime_adj_not_after (cert, 3600, NULL));
  g_clear_pointer (&text, g_free);
  text = gossl_x509_get_not_before (cert);
  g_clear_pointer (&text, g_free);
  text = gossl_x509_get_not_after (cert);
  either (gossl_x509_set_not_before (cert, "20200101000000Z", &error), &error);
  either (gossl_x509_set_not_after (cert, "20300101000000Z", &error), &error);
  either (gossl_x509_has_expired (cert, &error) || error == NULL, &error);
  either (gossl_x509_sign (cert, bare_key, "sha256", &error), &error);
  g_clear_pointer (&text, g_free);
  text = gossl_x509_digest (cert, "sha256", &error);
  either (text != NULL, &error);
  g_clear_pointer (&text, g_free);
  text = gossl_x509_get_signature_algorithm (cert, &error);
  either (text != NULL, &error);
  either (gossl_x509_add_extension (cert, bare_ext, &error), &error);
  (void) gossl_x509_get_extension_count (cert);
  ext = gossl_x509_get_extension (cert, 0, &error);
  either (ext != NULL, &error);
}

static void
test_x509_name (void)
{
  g_autoptr(GosslX509Name) name = NULL;
  g_autoptr(GosslX509Name) other = NULL;
  g_autoptr(GosslX509Name) copy = NULL;
  g_autoptr(GVariant) components = NULL;
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *text = NULL;
  g_autofree char *entry = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ();
      return;
    }

  name = g_object_new (GOSSL_TYPE_X509_NAME, NULL);
  other = g_object_new (GOSSL_TYPE_X509_NAME, NULL);

  entry = gossl_x509_name_get_entry (name, "CN", &error);
  g_assert_no_error (error);
  g_assert_null (entry);
  components = gossl_x509_name_get_components (name);
  g_assert_cmpuint (g_variant_n_children (components), ==, 0);
  text = gossl_x509_name_to_string (name);
  g_assert_nonnull (text);
  der = gossl_x509_name_to_der (name);
  g_assert_nonnull (der);
  g_assert_cmpint (gossl_x509_name_compare (name, other), ==, 0);
  (void) gossl_x509_name_hash (name);
  copy = gossl_x509_name_copy (name);
  g_assert_true (GOSSL_IS_X509_NAME (copy));
  g_assert_true (gossl_x509_name_set_entry (name, "CN", "example", &error));
  g_assert_no_error (error);
}

static void
test_x509_req (void)
{
  g_autoptr(GosslX509Req) req = NULL;
  g_autoptr(GosslPKey) bare_key = NULL;
  g_autoptr(GosslPKey) key = NULL;
  g_autoptr(GosslX509Name) subject = NULL;
  g_autoptr(GosslX509Extension) bare_ext = NULL;
  g_autoptr(GPtrArray) extensions = NULL;
  g_autoptr(GByteArray) data = NULL;
  g_autofree char *entry = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ();
      return;
    }

  req = g_object_new (GOSSL_TYPE_X509_REQ, NULL);
  bare_key = g_object_new (GOSSL_TYPE_PKEY, NULL);
  bare_ext = g_object_new (GOSSL_TYPE_X509_EXTENSION, NULL);

  data = gossl_x509_req_to_data (req, GOSSL_FILETYPE_ASN1, &error);
  either (data != NULL, &error);
  subject = gossl_x509_req_get_subject (req);
  g_assert_true (GOSSL_IS_X509_NAME (subject));
  entry = gossl_x509_req_get_subject_entry (req, "CN", &error);
  either (entry != NULL || error == NULL, &error);
  key = gossl_x509_req_get_pubkey (req, &error);
  either (key != NULL, &error);
  either (gossl_x509_req_set_pubkey (req, bare_key, &error), &error);
  g_assert_cmpint (gossl_x509_req_get_version (req), ==, 0);
  either (gossl_x509_req_set_version (req, 0, &error), &error);
  either (gossl_x509_req_sign (req, bare_key, "sha256", &error), &error);
  either (gossl_x509_req_verify (req, bare_key, &error), &error);
  either (gossl_x509_req_add_extensions (req, &bare_ext, 1, &error), &error);
  extensions = gossl_x509_req_get_extensions (req, &error);
  either (extensions != NULL || error == NULL, &error);
}

static void
test_x509_extension (void)
{
  g_autoptr(GosslX509Extension) ext = NULL;
  g_autoptr(GosslX509Extension) made = NULL;
  g_autoptr(GosslX509) bare_cert = NULL;
  g_autoptr(GByteArray) data = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ();
      return;
    }

  ext = g_object_new (GOSSL_TYPE_X509_EXTENSION, NULL);
  bare_cert = g_object_new (GOSSL_TYPE_X509, NULL);

  g_assert_false (gossl_x509_extension_get_critical (ext));
  g_assert_nonnull (gossl_x509_extension_get_short_name (ext));
  data = gossl_x509_extension_get_data (ext);
  g_assert_nonnull (data);
  text = gossl_x509_extension_to_string (ext);
  g_assert_nonnull (text);

  /* A bare certificate as the subject of an extension made from it. */
  made = gossl_x509_extension_new ("subjectKeyIdentifier", FALSE, "hash", bare_cert, bare_cert,
                                   &error);
  either (made != NULL, &error);
}

static void
test_x509_store (void)
{
  g_autoptr(GosslX509Store) store = NULL;
  g_autoptr(GosslX509) bare_cert = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ();
      return;
    }

  store = g_object_new (GOSSL_TYPE_X509_STORE, NULL);
  bare_cert = g_object_new (GOSSL_TYPE_X509, NULL);

  either (gossl_x509_store_add_cert (store, bare_cert, &error), &error);
  fails (gossl_x509_store_verify_certificate (store, bare_cert, &error), &error,
         GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  gossl_x509_store_set_flags (store, GOSSL_VERIFY_FLAGS_PARTIAL_CHAIN);
  gossl_x509_store_clear_flags (store, GOSSL_VERIFY_FLAGS_PARTIAL_CHAIN);
  g_assert_cmpint (gossl_x509_store_get_flags (store), ==, GOSSL_VERIFY_FLAGS_NONE);
  g_assert_null (gossl_x509_store_get_time (store));
  gossl_x509_store_set_time (store, NULL);
  fails (gossl_x509_store_load_locations (store, NULL, NULL, &error), &error,
         GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
}

static void
test_x509_store_context (void)
{
  g_autoptr(GosslX509StoreContext) ctx = NULL;
  g_autoptr(GosslX509Store) bare_store = NULL;
  g_autoptr(GosslX509) bare_cert = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ();
      return;
    }

  ctx = g_object_new (GOSSL_TYPE_X509_STORE_CONTEXT, NULL);
  g_assert_null (gossl_x509_store_context_get_store (ctx));
  g_assert_null (gossl_x509_store_context_get_certificate (ctx));
  fails (gossl_x509_store_context_verify_certificate (ctx, &error), &error,
         GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_assert_null (gossl_x509_store_context_get_verified_chain (ctx));
  g_assert_cmpint (gossl_x509_store_context_get_error (ctx), ==, GOSSL_VERIFY_RESULT_OK);
  g_assert_cmpint (gossl_x509_store_context_get_error_depth (ctx), ==, -1);
  g_assert_null (gossl_x509_store_context_get_current_certificate (ctx));
  g_assert_cmpint (gossl_x509_store_context_get_certificate_errors (ctx), ==, 0);

  /* A bare store and a bare certificate: OpenSSL refuses, with a reason. */
  bare_store = g_object_new (GOSSL_TYPE_X509_STORE, NULL);
  bare_cert = g_object_new (GOSSL_TYPE_X509, NULL);
  gossl_x509_store_context_set_store (ctx, bare_store);
  gossl_x509_store_context_set_certificate (ctx, bare_cert);
  g_assert_false (gossl_x509_store_context_verify_certificate (ctx, &error));
  g_assert_nonnull (error);
}

/* g_object_new() entries and lists are empty, not broken: every call works
 * on them or fails with an error. */
static void
test_crl (void)
{
  g_autoptr(GosslCrl) crl = NULL;
  g_autoptr(GosslRevoked) revoked = NULL;
  g_autoptr(GosslRevoked) copy = NULL;
  g_autoptr(GosslX509) bare_cert = NULL;
  g_autoptr(GosslPKey) bare_key = NULL;
  g_autoptr(GosslX509Store) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GosslX509Name) issuer = NULL;
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ();
      return;
    }

  crl = g_object_new (GOSSL_TYPE_CRL, NULL);
  revoked = g_object_new (GOSSL_TYPE_REVOKED, NULL);
  bare_cert = g_object_new (GOSSL_TYPE_X509, NULL);
  bare_key = g_object_new (GOSSL_TYPE_PKEY, NULL);
  store = g_object_new (GOSSL_TYPE_X509_STORE, NULL);

  serial = gossl_revoked_get_serial_number (revoked);
  g_assert_cmpstr (serial, ==, "00");
  g_assert_null (gossl_revoked_get_reason (revoked));
  g_assert_null (gossl_revoked_get_revocation_date (revoked));
  copy = gossl_revoked_copy (revoked);
  fails (gossl_crl_add_revoked (crl, revoked, &error), &error,
         GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);

  entries = gossl_crl_get_revoked (crl);
  g_assert_cmpuint (entries->len, ==, 0);
  issuer = gossl_crl_get_issuer (crl);
  g_assert_null (gossl_x509_name_get_entry (issuer, "CN", &error));
  g_assert_no_error (error);
  der = gossl_crl_to_data (crl, GOSSL_FILETYPE_ASN1, &error);
  either (der != NULL, &error);
  text = gossl_crl_to_text (crl, &error);
  either (text != NULL, &error);
  fails (gossl_crl_sign (crl, bare_cert, bare_key, "sha256", &error), &error,
         GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  exported = gossl_crl_export (crl, bare_cert, bare_key, GOSSL_FILETYPE_PEM, 1, "sha256", &error);
  g_assert_null (exported);
  g_clear_error (&error);
  either (gossl_x509_store_add_crl (store, crl, &error), &error);
}

static void
test_pkey (void)
{
  g_autoptr(GosslPKey) key = NULL;
  g_autoptr(GosslPKey) generated = NULL;
  g_autoptr(GByteArray) data = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ();
      return;
    }

  key = g_object_new (GOSSL_TYPE_PKEY, NULL);

  g_assert_false (gossl_pkey_is_initialized (key));
  g_assert_false (gossl_pkey_has_private (key));
  g_assert_cmpuint (gossl_pkey_get_bits (key), ==, 0);
  (void) gossl_pkey_get_key_type (key);
  either (gossl_pkey_check (key, &error), &error);
  data = gossl_pkey_to_data (key, GOSSL_FILETYPE_PEM, NULL, NULL, 0, &error);
  either (data != NULL, &error);
  g_clear_pointer (&data, g_byte_array_unref);
  data = gossl_pkey_public_to_data (key, GOSSL_FILETYPE_PEM, &error);
  either (data != NULL, &error);
  g_clear_pointer (&data, g_byte_array_unref);

  /* The empty key can still be filled in. */
  generated = g_object_new (GOSSL_TYPE_PKEY, NULL);
  g_assert_true (gossl_pkey_generate_key (generated, GOSSL_KEY_TYPE_RSA, 1024, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_pkey_is_initialized (generated));
}

static void
test_pkcs7 (void)
{
  g_autoptr(GosslPKCS7) p7 = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ();
      return;
    }

  p7 = g_object_new (GOSSL_TYPE_PKCS7, NULL);
  g_assert_false (gossl_pkcs7_type_is_signed (p7));
  g_assert_false (gossl_pkcs7_type_is_enveloped (p7));
  g_assert_false (gossl_pkcs7_type_is_signed_and_enveloped (p7));
  g_assert_false (gossl_pkcs7_type_is_data (p7));
  (void) gossl_pkcs7_get_type_name (p7);
}

static void
test_pkcs12 (void)
{
  g_autoptr(GosslPKCS12) p12 = NULL;
  g_autoptr(GosslX509) cert = NULL;
  g_autoptr(GosslPKey) key = NULL;
  g_autoptr(GPtrArray) cas = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ();
      return;
    }

  p12 = g_object_new (GOSSL_TYPE_PKCS12, NULL);
  cert = gossl_pkcs12_get_certificate (p12);
  g_assert_null (cert);
  key = gossl_pkcs12_get_privatekey (p12);
  g_assert_null (key);
  cas = gossl_pkcs12_get_ca_certificates (p12);
  g_assert_null (cas);
  g_assert_null (gossl_pkcs12_get_friendly_name (p12));
}

/* --- Sessions ------------------------------------------------------------------ */

static void
test_session (void)
{
  g_autoptr(GosslSession) session = NULL;
  g_autoptr(GosslConnection) conn = NULL;
  g_autoptr(GByteArray) id = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ();
      return;
    }

  /* The same empty session as gossl_session_new(). */
  session = g_object_new (GOSSL_TYPE_SESSION, NULL);
  g_assert_false (gossl_session_is_resumable (session));
  id = gossl_session_get_id (session);
  g_assert_cmpuint (id->len, ==, 0);
  g_assert_cmpint (gossl_session_get_protocol_version (session), ==, 0);

  /* A connection takes it as it takes gossl_session_new()'s: nothing to
   * resume, a full handshake. */
  conn = real_memory_connection ();
  g_assert_true (gossl_connection_set_session (conn, session, &error));
  g_assert_no_error (error);
  g_assert_false (gossl_connection_session_reused (conn));
}

/* --- Contexts ------------------------------------------------------------------ */

static void
test_context (void)
{
  g_autoptr(GosslContext) ctx = NULL;
  g_autoptr(GosslConnection) conn = NULL;
  g_autoptr(GosslX509Store) store = NULL;
  g_autoptr(GError) error = NULL;
  GosslMethod method = 0;

  if (!g_test_subprocess ())
    {
      run_in_child ();
      return;
    }

  /* Not initialized (g_object_new() does not run GInitable's init()):
   * what can fail says so, the getters give empty answers. */
  ctx = g_object_new (GOSSL_TYPE_CONTEXT, NULL);
  g_object_get (ctx, "method", &method, NULL);
  g_assert_cmpint (method, ==, GOSSL_METHOD_SSLV23);
  g_assert_false (gossl_context_set_cipher_list (ctx, "HIGH", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);
  g_assert_cmpint (gossl_context_get_timeout (ctx), ==, 0);
  g_assert_null (gossl_context_get_cert_store (ctx));
  g_assert_null (gossl_connection_new_memory (ctx, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);

  /* Once initialized, the default method's context works. */
  g_assert_true (g_initable_init (G_INITABLE (ctx), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_context_set_cipher_list (ctx, "HIGH", &error));
  g_assert_no_error (error);
  g_assert_cmpint (gossl_context_get_timeout (ctx), ==, 300);
  store = gossl_context_get_cert_store (ctx);
  g_assert_nonnull (store);
  conn = gossl_connection_new_memory (ctx, &error);
  g_assert_no_error (error);
  g_assert_nonnull (conn);
}

/* --- Connections ---------------------------------------------------------------- */

static void
test_connection (void)
{
  g_autoptr(GosslConnection) conn = NULL;
  g_autoptr(GosslContext) ctx = NULL;
  g_autoptr(GosslTlsStream) tls = NULL;
  g_autoptr(GIOStream) base = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ();
      return;
    }

  /* No context: none is made up for it, and it is not initialized. */
  conn = g_object_new (GOSSL_TYPE_CONNECTION, NULL);
  g_assert_null (gossl_connection_get_context (conn));
  g_object_get (conn, "context", &ctx, NULL);
  g_assert_null (ctx);
  check_connection_without_ssl (conn, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_assert_false (g_initable_init (G_INITABLE (conn), NULL, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  check_connection_without_ssl (conn, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);

  /* A TLS stream refuses it. */
  base = memory_io_stream ();
  tls = gossl_tls_stream_new (conn, base, &error);
  g_assert_null (tls);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
}

/* With a context given as a property, g_object_new() makes a connection
 * that works once initialized, without a socket yet. */
static void
test_connection_with_context (void)
{
  g_autoptr(GosslContext) ctx = NULL;
  g_autoptr(GosslConnection) conn = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ();
      return;
    }

  ctx = real_context ();
  conn = g_object_new (GOSSL_TYPE_CONNECTION, "context", ctx, NULL);
  g_assert_true (gossl_connection_get_context (conn) == ctx);
  fails (gossl_connection_set_tlsext_host_name (conn, "example.com", &error), &error,
         G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_assert_true (g_initable_init (G_INITABLE (conn), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_connection_set_tlsext_host_name (conn, "example.com", &error));
  g_assert_no_error (error);
  gossl_connection_set_connect_state (conn);
  fails (gossl_connection_do_handshake (conn, &error), &error,
         GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
}

/* --- TLS streams ----------------------------------------------------------------- */

typedef struct {
  GAsyncResult *result;
  gboolean      done;
} Wait;

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static void
run_until (gboolean *flag)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!*flag)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Every read, write, flush and close of a TLS stream or connection that
 * lacks what it needs fails with an error of @domain and @code, and leaves
 * @base (if any) alone. */
static void
check_unusable_io (GIOStream *io, GIOStream *base, GQuark domain, int code)
{
  GInputStream *in = g_io_stream_get_input_stream (io);
  GOutputStream *out = g_io_stream_get_output_stream (io);
  g_autoptr(GSource) source = NULL;
  g_autoptr(GError) error = NULL;
  guint8 buffer[16];
  Wait wait = { NULL, FALSE };

  fails (g_input_stream_read (in, buffer, sizeof buffer, NULL, &error) >= 0, &error,
         domain, code);
  fails (g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (in), buffer,
                                                   sizeof buffer, NULL, &error) >= 0,
         &error, domain, code);
  /* Ready at once, so that a read reports the error. */
  g_assert_true (g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (in)));
  source = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (in), NULL);
  g_assert_nonnull (source);
  g_clear_pointer (&source, g_source_unref);

  fails (g_output_stream_write (out, "x", 1, NULL, &error) >= 0, &error, domain, code);
  fails (g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (out), "x", 1,
                                                     NULL, &error) >= 0,
         &error, domain, code);
  g_assert_true (g_pollable_output_stream_is_writable (G_POLLABLE_OUTPUT_STREAM (out)));
  source = g_pollable_output_stream_create_source (G_POLLABLE_OUTPUT_STREAM (out), NULL);
  g_assert_nonnull (source);
  fails (g_output_stream_flush (out, NULL, &error), &error, domain, code);
  wait.done = FALSE;
  g_output_stream_flush_async (out, G_PRIORITY_DEFAULT, NULL, store_result, &wait);
  run_until (&wait.done);
  fails (g_output_stream_flush_finish (out, wait.result, &error), &error, domain, code);
  g_clear_object (&wait.result);

  wait.done = FALSE;
  g_io_stream_close_async (io, G_PRIORITY_DEFAULT, NULL, store_result, &wait);
  run_until (&wait.done);
  fails (g_io_stream_close_finish (io, wait.result, &error), &error, domain, code);
  g_clear_object (&wait.result);

  if (base != NULL)
    g_assert_false (g_io_stream_is_closed (base));
}

/* The handshake too, for a GosslTlsStream. */
static void
check_unusable_stream (GosslTlsStream *tls, GIOStream *base, GQuark domain, int code)
{
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL, FALSE };

  fails (gossl_tls_stream_handshake (tls, NULL, &error), &error, domain, code);

  gossl_tls_stream_handshake_async (tls, G_PRIORITY_DEFAULT, NULL, store_result, &wait);
  run_until (&wait.done);
  fails (gossl_tls_stream_handshake_finish (tls, wait.result, &error), &error, domain, code);
  g_clear_object (&wait.result);

  check_unusable_io (G_IO_STREAM (tls), base, domain, code);
}

static void
test_tls_stream (void)
{
  g_autoptr(GosslTlsStream) tls = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ();
      return;
    }

  tls = g_object_new (GOSSL_TYPE_TLS_STREAM, NULL);
  g_assert_null (gossl_tls_stream_get_connection (tls));
  g_assert_null (gossl_tls_stream_get_base_io_stream (tls));
  check_unusable_stream (tls, NULL, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);

  /* A synchronous close fails too; dropping the stream is quiet. */
  g_clear_object (&tls);
  tls = g_object_new (GOSSL_TYPE_TLS_STREAM, NULL);
  fails (g_io_stream_close (G_IO_STREAM (tls), NULL, &error), &error,
         G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_object (&tls);
  tls = g_object_new (GOSSL_TYPE_TLS_STREAM, NULL);
}

static void
test_tls_stream_base_only (void)
{
  g_autoptr(GosslTlsStream) tls = NULL;
  g_autoptr(GIOStream) base = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ();
      return;
    }

  base = memory_io_stream ();
  tls = g_object_new (GOSSL_TYPE_TLS_STREAM, "base-io-stream", base, NULL);
  g_assert_null (gossl_tls_stream_get_connection (tls));
  g_assert_true (gossl_tls_stream_get_base_io_stream (tls) == base);
  check_unusable_stream (tls, base, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_object (&tls);
  g_assert_false (g_io_stream_is_closed (base));
}

static void
test_tls_stream_connection_only (void)
{
  g_autoptr(GosslTlsStream) tls = NULL;
  g_autoptr(GosslConnection) conn = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ();
      return;
    }

  conn = real_memory_connection ();
  tls = g_object_new (GOSSL_TYPE_TLS_STREAM, "connection", conn, NULL);
  g_assert_true (gossl_tls_stream_get_connection (tls) == conn);
  g_assert_null (gossl_tls_stream_get_base_io_stream (tls));
  check_unusable_stream (tls, NULL, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
}

/* What gossl_tls_stream_new() refuses, g_object_new() takes, but the
 * stream is not initialized: every operation fails, and init() says what
 * gossl_tls_stream_new() would have. */
static void
test_tls_stream_wrong_parts (void)
{
  g_autoptr(GosslContext) ctx = NULL;
  g_autoptr(GosslConnection) socket_conn = NULL;
  g_autoptr(GosslConnection) bare_conn = NULL;
  g_autoptr(GosslConnection) mem_conn = NULL;
  g_autoptr(GosslTlsStream) tls = NULL;
  g_autoptr(GIOStream) base = NULL;
  g_autoptr(GIOStream) unpollable = NULL;
  g_autoptr(GInputStream) mem_in = NULL;
  g_autoptr(GInputStream) buffered = NULL;
  g_autoptr(GOutputStream) mem_out = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ();
      return;
    }

  ctx = real_context ();
  socket_conn = gossl_connection_new (ctx, -1, &error);
  g_assert_no_error (error);
  base = memory_io_stream ();
  tls = g_object_new (GOSSL_TYPE_TLS_STREAM, "connection", socket_conn, "base-io-stream", base,
                      NULL);
  check_unusable_stream (tls, base, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_assert_false (g_initable_init (G_INITABLE (tls), NULL, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_clear_object (&tls);

  bare_conn = g_object_new (GOSSL_TYPE_CONNECTION, NULL);
  tls = g_object_new (GOSSL_TYPE_TLS_STREAM, "connection", bare_conn, "base-io-stream", base,
                      NULL);
  check_unusable_stream (tls, base, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_assert_false (g_initable_init (G_INITABLE (tls), NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);
  g_clear_object (&tls);

  mem_in = g_memory_input_stream_new ();
  buffered = g_buffered_input_stream_new (mem_in);
  mem_out = g_memory_output_stream_new_resizable ();
  unpollable = g_simple_io_stream_new (buffered, mem_out);
  mem_conn = real_memory_connection ();
  tls = g_object_new (GOSSL_TYPE_TLS_STREAM, "connection", mem_conn, "base-io-stream", unpollable,
                      NULL);
  check_unusable_stream (tls, unpollable, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_assert_false (g_initable_init (G_INITABLE (tls), NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_clear_object (&tls);
  g_assert_false (g_io_stream_is_closed (base));
  g_assert_false (g_io_stream_is_closed (unpollable));
}

/* GosslTlsClientConnection and GosslTlsServerConnection are GInitables: made
 * by g_object_new() and not initialized (with or without a base stream),
 * every GIO call on them fails with G_IO_ERROR_NOT_INITIALIZED. */
static void
check_uninitialized_tls_connection (GType type, GIOStream *base)
{
  g_autoptr(GTlsConnection) tls = g_object_new (type, "base-io-stream", base, NULL);
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL, FALSE };
  GosslContext *context = type == GOSSL_TYPE_TLS_CLIENT_CONNECTION
    ? gossl_tls_client_connection_get_context (GOSSL_TLS_CLIENT_CONNECTION (tls))
    : gossl_tls_server_connection_get_context (GOSSL_TLS_SERVER_CONNECTION (tls));

  g_assert_null (context);
  fails (g_tls_connection_handshake (tls, NULL, &error), &error,
         G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_tls_connection_handshake_async (tls, G_PRIORITY_DEFAULT, NULL, store_result, &wait);
  run_until (&wait.done);
  fails (g_tls_connection_handshake_finish (tls, wait.result, &error), &error,
         G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_object (&wait.result);
  check_unusable_io (G_IO_STREAM (tls), base, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
}

static void
test_tls_client_connection (void)
{
  g_autoptr(GIOStream) base = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ();
      return;
    }
  check_uninitialized_tls_connection (GOSSL_TYPE_TLS_CLIENT_CONNECTION, NULL);
  base = memory_io_stream ();
  check_uninitialized_tls_connection (GOSSL_TYPE_TLS_CLIENT_CONNECTION, base);
}

static void
test_tls_server_connection (void)
{
  g_autoptr(GIOStream) base = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ();
      return;
    }
  check_uninitialized_tls_connection (GOSSL_TYPE_TLS_SERVER_CONNECTION, NULL);
  base = memory_io_stream ();
  check_uninitialized_tls_connection (GOSSL_TYPE_TLS_SERVER_CONNECTION, base);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* A failed case is reported and the others still run. */
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/bare/x509", test_x509);
  g_test_add_func ("/bare/x509-name", test_x509_name);
  g_test_add_func ("/bare/x509-req", test_x509_req);
  g_test_add_func ("/bare/x509-extension", test_x509_extension);
  g_test_add_func ("/bare/x509-store", test_x509_store);
  g_test_add_func ("/bare/x509-store-context", test_x509_store_context);
  g_test_add_func ("/bare/crl", test_crl);
  g_test_add_func ("/bare/pkey", test_pkey);
  g_test_add_func ("/bare/pkcs7", test_pkcs7);
  g_test_add_func ("/bare/pkcs12", test_pkcs12);
  g_test_add_func ("/bare/session", test_session);
  g_test_add_func ("/bare/context", test_context);
  g_test_add_func ("/bare/connection", test_connection);
  g_test_add_func ("/bare/connection-with-context", test_connection_with_context);
  g_test_add_func ("/bare/tls-stream", test_tls_stream);
  g_test_add_func ("/bare/tls-stream-base-only", test_tls_stream_base_only);
  g_test_add_func ("/bare/tls-stream-connection-only", test_tls_stream_connection_only);
  g_test_add_func ("/bare/tls-stream-wrong-parts", test_tls_stream_wrong_parts);
  g_test_add_func ("/bare/tls-client-connection", test_tls_client_connection);
  g_test_add_func ("/bare/tls-server-connection", test_tls_server_connection);

  return g_test_run ();
}
