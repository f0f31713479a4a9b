/* test-context.c: GosslContext */
#include "tls-helpers.h"

static void
test_new_methods (void)
{
  const GosslMethod methods[] = {
    GOSSL_METHOD_SSLV23, GOSSL_METHOD_TLSV1, GOSSL_METHOD_TLSV1_1, GOSSL_METHOD_TLSV1_2,
    GOSSL_METHOD_TLS, GOSSL_METHOD_TLS_SERVER, GOSSL_METHOD_TLS_CLIENT,
  };

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GosslContext) ctx = gossl_context_new (methods[i], &error);
      GosslMethod method = 0;

      g_assert_no_error (error);
      g_assert_nonnull (ctx);
      g_assert_nonnull (gossl_context_get_native (ctx));
      g_object_get (ctx, "method", &method, NULL);
      g_assert_cmpint (method, ==, methods[i]);
    }
}

static void
test_new_pinned_version (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslContext) v1 = gossl_context_new (GOSSL_METHOD_TLSV1, &error);
  g_autoptr(GosslContext) v11 = gossl_context_new (GOSSL_METHOD_TLSV1_1, &error);
  g_autoptr(GosslContext) v12 = gossl_context_new (GOSSL_METHOD_TLSV1_2, &error);
  g_autoptr(GosslContext) any = gossl_context_new (GOSSL_METHOD_SSLV23, &error);

  g_assert_no_error (error);
  g_assert_cmpint (SSL_CTX_get_min_proto_version (gossl_context_get_native (v1)), ==, TLS1_VERSION);
  g_assert_cmpint (SSL_CTX_get_max_proto_version (gossl_context_get_native (v1)), ==, TLS1_VERSION);
  g_assert_cmpint (SSL_CTX_get_min_proto_version (gossl_context_get_native (v11)), ==, TLS1_1_VERSION);
  g_assert_cmpint (SSL_CTX_get_max_proto_version (gossl_context_get_native (v11)), ==, TLS1_1_VERSION);
  g_assert_cmpint (SSL_CTX_get_min_proto_version (gossl_context_get_native (v12)), ==, TLS1_2_VERSION);
  g_assert_cmpint (SSL_CTX_get_max_proto_version (gossl_context_get_native (v12)), ==, TLS1_2_VERSION);
  g_assert_cmpint (SSL_CTX_get_max_proto_version (gossl_context_get_native (any)), ==, 0);
}

static void
test_new_unsupported (void)
{
  g_autoptr(GError) error = NULL;
  GosslContext *ctx;

  /* pyOpenSSL's SSLv2_METHOD (1) and SSLv3_METHOD (2) are no methods:
   * OpenSSL 3 has neither protocol. */
  for (int method = 0; method <= 2; method++)
    {
      g_autoptr(GEnumClass) methods = g_type_class_ref (GOSSL_TYPE_METHOD);

      g_assert_null (g_enum_get_value (methods, method));
      ctx = gossl_context_new (method, &error);
      g_assert_null (ctx);
      g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }

  ctx = gossl_context_new (99, &error);
  g_assert_null (ctx);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
}

static void
test_timeout (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_SSLV23, NULL);

  g_assert_cmpint (gossl_context_get_timeout (ctx), ==, 300);
  gossl_context_set_timeout (ctx, 1234);
  g_assert_cmpint (gossl_context_get_timeout (ctx), ==, 1234);
}

static void
test_verify_settings (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_SSLV23, NULL);
  GosslVerifyMode mode = GOSSL_VERIFY_PEER | GOSSL_VERIFY_FAIL_IF_NO_PEER_CERT |
                         GOSSL_VERIFY_CLIENT_ONCE;

  g_assert_cmpint (gossl_context_get_verify_mode (ctx), ==, GOSSL_VERIFY_NONE);
  gossl_context_set_verify (ctx, mode);
  g_assert_cmpint (gossl_context_get_verify_mode (ctx), ==, mode);
  gossl_context_set_verify (ctx, GOSSL_VERIFY_PEER);
  g_assert_cmpint (gossl_context_get_verify_mode (ctx), ==, GOSSL_VERIFY_PEER);

  g_assert_cmpint (gossl_context_get_verify_depth (ctx), ==, -1);
  gossl_context_set_verify_depth (ctx, 5);
  g_assert_cmpint (gossl_context_get_verify_depth (ctx), ==, 5);
}

static void
test_options (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_SSLV23, NULL);
  guint64 before = gossl_context_get_options (ctx);
  guint64 after;

  after = gossl_context_set_options (ctx, GOSSL_OP_NO_TLSV1);
  g_assert_cmphex (after, ==, before | GOSSL_OP_NO_TLSV1);
  g_assert_cmphex (gossl_context_get_options (ctx), ==, after);
  /* Adds, never clears. */
  after = gossl_context_set_options (ctx, GOSSL_OP_NO_TLSV1_1);
  g_assert_cmphex (after, ==, before | GOSSL_OP_NO_TLSV1 | GOSSL_OP_NO_TLSV1_1);
  g_assert_cmphex ((guint64) SSL_OP_NO_TLSv1_3, ==, GOSSL_OP_NO_TLSV1_3);
  g_assert_cmphex ((guint64) SSL_OP_NO_SSLv3, ==, GOSSL_OP_NO_SSLV3);
  g_assert_cmphex ((guint64) SSL_OP_NO_TLSv1, ==, GOSSL_OP_NO_TLSV1);
  g_assert_cmphex ((guint64) SSL_OP_NO_TLSv1_1, ==, GOSSL_OP_NO_TLSV1_1);
  g_assert_cmphex ((guint64) SSL_OP_NO_TLSv1_2, ==, GOSSL_OP_NO_TLSV1_2);
}

static void
test_cipher_list (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_SSLV23, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) errors = NULL;

  g_assert_true (gossl_context_set_cipher_list (ctx, "HIGH:!aNULL", &error));
  g_assert_no_error (error);

  g_assert_false (gossl_context_set_cipher_list (ctx, "nonsense", &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  errors = gossl_error_get_openssl_errors ();
  g_assert_cmpuint (g_variant_n_children (errors), >, 0);
  g_assert_true (tls_errors_mention ("no cipher match"));
}

static void
test_certificate_files (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_SSLV23, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = gossl_test_file_path ("server.pem");
  g_autofree char *key = gossl_test_file_path ("server.key");

  g_assert_true (gossl_context_use_certificate_file (ctx, cert, GOSSL_FILETYPE_PEM, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_context_use_privatekey_file (ctx, key, GOSSL_FILETYPE_PEM, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_context_check_privatekey (ctx, &error));
  g_assert_no_error (error);
}

static void
test_certificate_files_der (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_SSLV23, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = gossl_test_file_path ("server.der");
  g_autofree char *key = gossl_test_file_path ("server.key.der");

  g_assert_true (gossl_context_use_certificate_file (ctx, cert, GOSSL_FILETYPE_ASN1, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_context_use_privatekey_file (ctx, key, GOSSL_FILETYPE_ASN1, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_context_check_privatekey (ctx, &error));
  g_assert_no_error (error);

  /* PEM read as DER */
  g_clear_pointer (&cert, g_free);
  cert = gossl_test_file_path ("server.pem");
  g_assert_false (gossl_context_use_certificate_file (ctx, cert, GOSSL_FILETYPE_ASN1, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
}

static void
test_certificate_mismatch (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_SSLV23, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = gossl_test_file_path ("server.pem");
  g_autofree char *key = gossl_test_file_path ("client.key");

  /* Nothing loaded yet. */
  g_assert_false (gossl_context_check_privatekey (ctx, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_true (gossl_context_use_certificate_file (ctx, cert, GOSSL_FILETYPE_PEM, &error));
  g_assert_no_error (error);
  /* OpenSSL itself refuses a key that does not match the certificate. */
  if (!gossl_context_use_privatekey_file (ctx, key, GOSSL_FILETYPE_PEM, &error))
    {
      g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
      g_clear_error (&error);
    }
  g_assert_false (gossl_context_check_privatekey (ctx, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
}

static void
assert_check_fails_with (GosslContext *ctx, const char *expected)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (gossl_context_check_privatekey (ctx, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_test_message ("check_privatekey: %s", error->message);
  g_assert_nonnull (strstr (error->message, expected));
}

static GosslPKey *
load_key (const char *name)
{
  g_autoptr(GBytes) pem = gossl_test_load_file (name);
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (pem, &len);
  GosslPKey *key = gossl_pkey_new_from_data (GOSSL_FILETYPE_PEM, data, len, NULL, 0, &error);

  g_assert_no_error (error);
  return key;
}

/* check_privatekey() says which of the two is missing, or that they do not
 * match, whichever order they were set in. */
static void
test_check_privatekey_says_why (void)
{
  g_autofree char *cert = gossl_test_file_path ("server.pem");
  g_autofree char *key = gossl_test_file_path ("server.key");
  g_autofree char *other_key = gossl_test_file_path ("client.key");
  g_autoptr(GosslPKey) other = load_key ("client.key");
  g_autoptr(GBytes) cert_pem = gossl_test_load_file ("server.pem");
  g_autoptr(GosslX509) cert_object = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (cert_pem, &len);

  cert_object = gossl_x509_new_from_data (GOSSL_FILETYPE_PEM, data, len, &error);
  g_assert_no_error (error);

  {
    g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_TLS, NULL);

    assert_check_fails_with (ctx, "neither a certificate nor a private key");
  }
  {
    g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_TLS, NULL);

    g_assert_true (gossl_context_use_privatekey_file (ctx, key, GOSSL_FILETYPE_PEM, &error));
    g_assert_no_error (error);
    assert_check_fails_with (ctx, "has a private key but no certificate");
  }
  {
    g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_TLS, NULL);

    g_assert_true (gossl_context_use_certificate_file (ctx, cert, GOSSL_FILETYPE_PEM, &error));
    g_assert_no_error (error);
    assert_check_fails_with (ctx, "has a certificate but no private key");
  }

  /* Key first, then a certificate that is not its own: each way of setting
   * the certificate succeeds (OpenSSL stops using the key), and the check
   * says why there is no key. */
  for (int how = 0; how < 3; how++)
    {
      g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_TLS, NULL);
      gboolean set;

      g_assert_true (gossl_context_use_privatekey (ctx, other, &error));
      g_assert_no_error (error);
      if (how == 0)
        set = gossl_context_use_certificate (ctx, cert_object, &error);
      else if (how == 1)
        set = gossl_context_use_certificate_file (ctx, cert, GOSSL_FILETYPE_PEM, &error);
      else
        set = gossl_context_use_certificate_chain_file (ctx, cert, &error);
      g_assert_no_error (error);
      g_assert_true (set);
      assert_check_fails_with (ctx, "The private key does not match the certificate");
      assert_check_fails_with (ctx, "set after");

      /* Its own key again: they match. */
      g_assert_true (gossl_context_use_privatekey_file (ctx, key, GOSSL_FILETYPE_PEM, &error));
      g_assert_no_error (error);
      g_assert_true (gossl_context_check_privatekey (ctx, &error));
      g_assert_no_error (error);
    }

  /* Certificate first, then a key that is not its own: the key is refused,
   * and the error says it does not match. */
  {
    g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_TLS, NULL);

    g_assert_true (gossl_context_use_certificate_file (ctx, cert, GOSSL_FILETYPE_PEM, &error));
    g_assert_no_error (error);

    g_assert_false (gossl_context_use_privatekey (ctx, other, &error));
    g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
    g_test_message ("use_privatekey: %s", error->message);
    g_assert_nonnull (strstr (error->message, "does not match the certificate"));
    g_assert_true (tls_errors_mention ("key values mismatch"));
    g_clear_error (&error);

    g_assert_false (gossl_context_use_privatekey_file (ctx, other_key, GOSSL_FILETYPE_PEM, &error));
    g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
    g_test_message ("use_privatekey_file: %s", error->message);
    g_assert_nonnull (strstr (error->message, other_key));
    g_assert_nonnull (strstr (error->message, "does not match the certificate"));
    g_clear_error (&error);

    assert_check_fails_with (ctx, "has a certificate but no private key");
  }
}

static void
test_certificate_missing (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_SSLV23, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) errors = NULL;
  const char *missing = "/nonexistent/gossl-test.pem";

  /* test-files covers every file-taking function; here, that a file that
   * cannot be opened does not leave OpenSSL's reasons behind. */
  g_assert_false (gossl_context_use_certificate_file (ctx, missing, GOSSL_FILETYPE_PEM, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, missing));
  errors = gossl_error_get_openssl_errors ();
  g_assert_cmpuint (g_variant_n_children (errors), ==, 0);
  g_clear_error (&error);

  g_assert_false (gossl_context_use_privatekey_file (ctx, missing, GOSSL_FILETYPE_PEM, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  g_assert_false (gossl_context_use_certificate_chain_file (ctx, missing, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  g_assert_false (gossl_context_use_certificate_file (ctx, missing, 7, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_context_use_privatekey_file (ctx, missing, 0, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
}

static void
test_certificate_objects (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_SSLV23, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cert_pem = gossl_test_load_file ("server.pem");
  g_autoptr(GBytes) key_pem = gossl_test_load_file ("server.key");
  g_autoptr(GosslX509) cert = NULL;
  g_autoptr(GosslPKey) key = NULL;
  g_autoptr(GosslPKey) empty = gossl_pkey_new ();
  gsize len;
  const guint8 *data;

  data = g_bytes_get_data (cert_pem, &len);
  cert = gossl_x509_new_from_data (GOSSL_FILETYPE_PEM, data, len, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (key_pem, &len);
  key = gossl_pkey_new_from_data (GOSSL_FILETYPE_PEM, data, len, NULL, 0, &error);
  g_assert_no_error (error);

  g_assert_false (gossl_context_use_privatekey (ctx, empty, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (gossl_context_use_certificate (ctx, cert, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_context_use_privatekey (ctx, key, &error));
  g_assert_no_error (error);
  /* The context holds its own references. */
  g_clear_object (&cert);
  g_clear_object (&key);
  g_assert_true (gossl_context_check_privatekey (ctx, &error));
  g_assert_no_error (error);
}

static void
test_chain_file (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_SSLV23, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) server = gossl_test_load_file ("server.pem");
  g_autoptr(GBytes) ca = gossl_test_load_file ("ca.pem");
  g_autofree char *key = gossl_test_file_path ("server.key");
  g_autofree char *dir = g_dir_make_tmp ("gossl-ctx-XXXXXX", &error);
  g_autofree char *chain = NULL;
  g_autoptr(GString) contents = g_string_new (NULL);

  g_assert_no_error (error);
  chain = g_build_filename (dir, "chain.pem", NULL);
  g_string_append_len (contents, g_bytes_get_data (server, NULL), g_bytes_get_size (server));
  g_string_append_len (contents, g_bytes_get_data (ca, NULL), g_bytes_get_size (ca));
  g_assert_true (g_file_set_contents (chain, contents->str, contents->len, &error));
  g_assert_no_error (error);

  g_assert_true (gossl_context_use_certificate_chain_file (ctx, chain, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_context_use_privatekey_file (ctx, key, GOSSL_FILETYPE_PEM, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_context_check_privatekey (ctx, &error));
  g_assert_no_error (error);

  g_unlink (chain);
  g_rmdir (dir);
}

typedef struct {
  const char *answer;  /* NULL: return NULL */
  gssize      length;  /* -1: strlen (answer); else that many bytes of 'x' */
  guint       calls;
  gboolean    repeat;
  int         maxlen;
} PasswdData;

static GBytes *
on_passwd (GosslContext *ctx, gboolean repeat, int maxlen, gpointer user_data)
{
  PasswdData *data = user_data;

  data->calls++;
  data->repeat = repeat;
  data->maxlen = maxlen;
  if (data->answer == NULL)
    return NULL;
  if (data->length >= 0)
    {
      char *filler = g_malloc (data->length);

      memset (filler, 'x', data->length);
      return g_bytes_new_take (filler, data->length);
    }
  return g_bytes_new (data->answer, strlen (data->answer));
}

static void
passwd_try (PasswdData *data, gboolean connect, GError **error)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_SSLV23, NULL);
  g_autofree char *key = gossl_test_file_path ("server-enc.key");
  g_autofree char *cert = gossl_test_file_path ("server.pem");

  if (connect)
    g_signal_connect (ctx, "passwd", G_CALLBACK (on_passwd), data);
  if (gossl_context_use_privatekey_file (ctx, key, GOSSL_FILETYPE_PEM, error))
    {
      g_assert_true (gossl_context_use_certificate_file (ctx, cert, GOSSL_FILETYPE_PEM, NULL));
      g_assert_true (gossl_context_check_privatekey (ctx, NULL));
    }
}

static void
test_passwd_right (void)
{
  PasswdData data = { "secret", -1, 0, TRUE, 0 };
  g_autoptr(GError) error = NULL;

  passwd_try (&data, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (data.calls, ==, 1);
  g_assert_false (data.repeat);
  g_assert_cmpint (data.maxlen, >=, 6);
}

static void
test_passwd_wrong (void)
{
  PasswdData data = { "wrong", -1, 0, FALSE, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) errors = NULL;

  passwd_try (&data, TRUE, &error);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_assert_cmpuint (data.calls, >=, 1);
  errors = gossl_error_get_openssl_errors ();
  g_assert_cmpuint (g_variant_n_children (errors), >, 0);
  g_test_message ("wrong passphrase: %s", error->message);
}

static void
test_passwd_none (void)
{
  PasswdData data = { NULL, -1, 0, FALSE, 0 };
  g_autoptr(GError) error = NULL;

  /* No handler: an error, never a prompt (the test runs without a
   * terminal on stdin; a prompt would hang until the watchdog fires). */
  passwd_try (&data, FALSE, &error);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "no passphrase"));
  g_clear_error (&error);

  /* A handler that returns NULL. */
  passwd_try (&data, TRUE, &error);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "no passphrase"));
  g_assert_cmpuint (data.calls, >=, 1);
  g_clear_error (&error);

  /* An empty passphrase is a refusal too (pyOpenSSL: "a false value"). */
  data.answer = "";
  data.calls = 0;
  passwd_try (&data, TRUE, &error);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_assert_cmpuint (data.calls, >=, 1);
}

static void
test_passwd_too_long (void)
{
  PasswdData data = { "x", 100000, 0, FALSE, 0 };
  g_autoptr(GError) error = NULL;

  passwd_try (&data, TRUE, &error);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "too long"));
}

static void
test_passwd_unencrypted (void)
{
  PasswdData data = { "secret", -1, 0, FALSE, 0 };
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_SSLV23, NULL);
  g_autofree char *key = gossl_test_file_path ("server.key");
  g_autoptr(GError) error = NULL;

  g_signal_connect (ctx, "passwd", G_CALLBACK (on_passwd), &data);
  g_assert_true (gossl_context_use_privatekey_file (ctx, key, GOSSL_FILETYPE_PEM, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (data.calls, ==, 0);
}

/* A key that decrypts but belongs to another certificate: the error says
 * so, not that the passphrase was wrong. */
static void
test_passwd_mismatch (void)
{
  PasswdData data = { "secret", -1, 0, FALSE, 0 };
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_SSLV23, NULL);
  g_autofree char *key = gossl_test_file_path ("server-enc.key");
  g_autofree char *cert = gossl_test_file_path ("client.pem");
  g_autoptr(GError) error = NULL;

  g_signal_connect (ctx, "passwd", G_CALLBACK (on_passwd), &data);
  g_assert_true (gossl_context_use_certificate_file (ctx, cert, GOSSL_FILETYPE_PEM, NULL));
  g_assert_false (gossl_context_use_privatekey_file (ctx, key, GOSSL_FILETYPE_PEM, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_assert_cmpuint (data.calls, >=, 1);
  g_assert_nonnull (strstr (error->message, "does not match the certificate"));
  g_assert_null (strstr (error->message, "passphrase"));
}

static void
test_verify_locations (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_SSLV23, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *ca = gossl_test_file_path ("ca.pem");
  g_autofree char *dir = gossl_test_file_path ("");

  g_assert_true (gossl_context_load_verify_locations (ctx, ca, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_context_load_verify_locations (ctx, NULL, dir, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_context_load_verify_locations (ctx, ca, dir, &error));
  g_assert_no_error (error);

  g_assert_false (gossl_context_load_verify_locations (ctx, "/nonexistent/ca.pem", NULL, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent/ca.pem"));
  g_clear_error (&error);

  g_assert_false (gossl_context_load_verify_locations (ctx, NULL, NULL, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_true (gossl_context_set_default_verify_paths (ctx, &error));
  g_assert_no_error (error);
}

static void
test_client_ca (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_SSLV23, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *ca = gossl_test_file_path ("ca.pem");
  g_autofree char *garbage = gossl_test_file_path ("garbage.bin");

  g_assert_true (gossl_context_load_client_ca (ctx, ca, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sk_X509_NAME_num (SSL_CTX_get_client_CA_list (gossl_context_get_native (ctx))), ==, 1);

  g_assert_false (gossl_context_load_client_ca (ctx, garbage, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, garbage));
  g_clear_error (&error);

  g_assert_false (gossl_context_load_client_ca (ctx, "/nonexistent/ca.pem", &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_IO);
}

static void
test_tmp_dh (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_SSLV23, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dh2048 = gossl_test_file_path ("dh2048.pem");
  g_autofree char *dh1024 = gossl_test_file_path ("dh1024.pem");
  g_autofree char *cert = gossl_test_file_path ("server.pem");

  g_assert_true (gossl_context_load_tmp_dh (ctx, dh2048, &error));
  g_assert_no_error (error);

  /* Debian's default security level is 2: 1024-bit DH is refused. */
  g_assert_cmpint (SSL_CTX_get_security_level (gossl_context_get_native (ctx)), >=, 2);
  g_assert_false (gossl_context_load_tmp_dh (ctx, dh1024, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "DH parameters too small for the security level"));
  g_test_message ("dh1024: %s", error->message);
  g_assert_true (tls_errors_mention ("dh key too small"));
  g_clear_error (&error);

  /* At level 1 it is accepted. */
  SSL_CTX_set_security_level (gossl_context_get_native (ctx), 1);
  g_assert_true (gossl_context_load_tmp_dh (ctx, dh1024, &error));
  g_assert_no_error (error);

  g_assert_false (gossl_context_load_tmp_dh (ctx, "/nonexistent/dh.pem", &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent/dh.pem"));
  g_clear_error (&error);

  g_assert_false (gossl_context_load_tmp_dh (ctx, cert, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
}

static void
test_cert_store (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_SSLV23, NULL);
  g_autoptr(GosslX509Store) store = NULL;
  g_autoptr(GosslX509Store) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) ca_pem = gossl_test_load_file ("ca.pem");
  g_autoptr(GBytes) server_pem = gossl_test_load_file ("server.pem");
  g_autoptr(GosslX509) ca = NULL;
  g_autoptr(GosslX509) server = NULL;

  ca = gossl_x509_new_from_data (GOSSL_FILETYPE_PEM, g_bytes_get_data (ca_pem, NULL),
                                 g_bytes_get_size (ca_pem), &error);
  g_assert_no_error (error);
  server = gossl_x509_new_from_data (GOSSL_FILETYPE_PEM, g_bytes_get_data (server_pem, NULL),
                                     g_bytes_get_size (server_pem), &error);
  g_assert_no_error (error);

  store = gossl_context_get_cert_store (ctx);
  g_assert_nonnull (store);
  g_assert_true (gossl_x509_store_get_native (store) ==
                 SSL_CTX_get_cert_store (gossl_context_get_native (ctx)));
  g_assert_true (gossl_x509_store_add_cert (store, ca, &error));
  g_assert_no_error (error);

  /* Another wrapper, the same store: it sees the certificate. */
  again = gossl_context_get_cert_store (ctx);
  g_assert_true (gossl_x509_store_verify_certificate (again, server, &error));
  g_assert_no_error (error);

  /* The store outlives the context. */
  g_clear_object (&ctx);
  g_clear_object (&again);
  g_assert_true (gossl_x509_store_verify_certificate (store, server, &error));
  g_assert_no_error (error);
}

static void
test_session_id (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_SSLV23, NULL);
  g_autoptr(GError) error = NULL;
  guint8 id[33];

  memset (id, 0xa5, sizeof id);
  g_assert_true (gossl_context_set_session_id (ctx, id, 32, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_context_set_session_id (ctx, (const guint8 *) "gossl", 5, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_context_set_session_id (ctx, NULL, 0, &error));
  g_assert_no_error (error);

  g_assert_false (gossl_context_set_session_id (ctx, id, 33, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
}

static void
test_signals (void)
{
  GSignalQuery query;
  guint id;

  g_type_class_unref (g_type_class_ref (GOSSL_TYPE_CONTEXT));

  id = g_signal_lookup ("verify", GOSSL_TYPE_CONTEXT);
  g_assert_cmpuint (id, !=, 0);
  g_signal_query (id, &query);
  g_assert_true (query.return_type == G_TYPE_BOOLEAN);
  g_assert_cmpuint (query.n_params, ==, 5);
  g_assert_true (query.param_types[0] == GOSSL_TYPE_CONNECTION);
  g_assert_true (query.param_types[1] == GOSSL_TYPE_X509);

  id = g_signal_lookup ("info", GOSSL_TYPE_CONTEXT);
  g_assert_cmpuint (id, !=, 0);
  g_signal_query (id, &query);
  g_assert_true (query.return_type == G_TYPE_NONE);
  g_assert_cmpuint (query.n_params, ==, 3);

  id = g_signal_lookup ("passwd", GOSSL_TYPE_CONTEXT);
  g_assert_cmpuint (id, !=, 0);
  g_signal_query (id, &query);
  g_assert_true (query.return_type == G_TYPE_BYTES);
  g_assert_cmpuint (query.n_params, ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  tls_test_add ("/context/new/methods", test_new_methods);
  tls_test_add ("/context/new/pinned-version", test_new_pinned_version);
  tls_test_add ("/context/new/unsupported", test_new_unsupported);
  tls_test_add ("/context/timeout", test_timeout);
  tls_test_add ("/context/verify-settings", test_verify_settings);
  tls_test_add ("/context/options", test_options);
  tls_test_add ("/context/cipher-list", test_cipher_list);
  tls_test_add ("/context/certificate/files", test_certificate_files);
  tls_test_add ("/context/certificate/files-der", test_certificate_files_der);
  tls_test_add ("/context/certificate/mismatch", test_certificate_mismatch);
  tls_test_add ("/context/certificate/check-says-why", test_check_privatekey_says_why);
  tls_test_add ("/context/certificate/missing", test_certificate_missing);
  tls_test_add ("/context/certificate/objects", test_certificate_objects);
  tls_test_add ("/context/certificate/chain-file", test_chain_file);
  tls_test_add ("/context/passwd/right", test_passwd_right);
  tls_test_add ("/context/passwd/wrong", test_passwd_wrong);
  tls_test_add ("/context/passwd/none", test_passwd_none);
  tls_test_add ("/context/passwd/too-long", test_passwd_too_long);
  tls_test_add ("/context/passwd/unencrypted", test_passwd_unencrypted);
  tls_test_add ("/context/passwd/mismatch", test_passwd_mismatch);
  tls_test_add ("/context/verify-locations", test_verify_locations);
  tls_test_add ("/context/client-ca", test_client_ca);
  tls_test_add ("/context/tmp-dh", test_tmp_dh);
  tls_test_add ("/context/cert-store", test_cert_store);
  tls_test_add ("/context/session-id", test_session_id);
  tls_test_add ("/context/signals", test_signals);

  return g_test_run ();
}
