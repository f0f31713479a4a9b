#include "gossl-test-util.h"

#define SECRET ((const guint8 *) "secret")

static GosslPKCS12 *
load_p12 (const char *name, const guint8 *passphrase, gsize passphrase_len, GError **error)
{
  g_autoptr(GBytes) bytes = gossl_test_load_file (name);
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  return gossl_pkcs12_new_from_data (data, len, passphrase, passphrase_len, error);
}

static char *
common_name (GosslX509 *cert)
{
  g_autoptr(GosslX509Name) subject = gossl_x509_get_subject (cert);
  g_autoptr(GError) error = NULL;
  char *cn = gossl_x509_name_get_entry (subject, "CN", &error);

  g_assert_no_error (error);
  return cn;
}

static void
assert_same_bytes (GByteArray *a, GByteArray *b)
{
  g_assert_cmpmem (a->data, a->len, b->data, b->len);
}

/* The bundle holds server.pem, its key and (unless @with_ca is FALSE) ca.pem. */
static void
assert_server_bundle (GosslPKCS12 *p12, gboolean with_ca, const char *friendly_name)
{
  g_autoptr(GosslX509) cert = gossl_pkcs12_get_certificate (p12);
  g_autoptr(GosslPKey) key = gossl_pkcs12_get_privatekey (p12);
  g_autoptr(GPtrArray) cas = gossl_pkcs12_get_ca_certificates (p12);
  g_autoptr(GBytes) server_der = gossl_test_load_file ("server.der");
  g_autoptr(GByteArray) cert_der = NULL;
  g_autoptr(GByteArray) key_public = NULL;
  g_autoptr(GByteArray) cert_public = NULL;
  g_autoptr(GosslPKey) cert_key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cn = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (server_der, &len);

  g_assert_nonnull (cert);
  cn = common_name (cert);
  g_assert_cmpstr (cn, ==, "localhost");
  cert_der = gossl_x509_to_data (cert, GOSSL_FILETYPE_ASN1, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (cert_der->data, cert_der->len, data, len);

  g_assert_nonnull (key);
  g_assert_cmpint (gossl_pkey_get_key_type (key), ==, GOSSL_KEY_TYPE_RSA);
  g_assert_cmpuint (gossl_pkey_get_bits (key), ==, 2048);
  g_assert_true (gossl_pkey_has_private (key));
  /* the key is the certificate's */
  cert_key = gossl_x509_get_pubkey (cert, &error);
  g_assert_no_error (error);
  key_public = gossl_pkey_public_to_data (key, GOSSL_FILETYPE_ASN1, &error);
  g_assert_no_error (error);
  cert_public = gossl_pkey_public_to_data (cert_key, GOSSL_FILETYPE_ASN1, &error);
  g_assert_no_error (error);
  assert_same_bytes (key_public, cert_public);

  if (with_ca)
    {
      g_autofree char *ca_cn = NULL;

      g_assert_nonnull (cas);
      g_assert_cmpuint (cas->len, ==, 1);
      g_assert_true (GOSSL_IS_X509 (cas->pdata[0]));
      ca_cn = common_name (cas->pdata[0]);
      g_assert_cmpstr (ca_cn, ==, "gossl test CA");
    }
  else
    g_assert_null (cas);

  g_assert_cmpstr (gossl_pkcs12_get_friendly_name (p12), ==, friendly_name);
}

static void
test_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslPKCS12) p12 = load_p12 ("server.p12", SECRET, 6, &error);

  g_assert_no_error (error);
  assert_server_bundle (p12, TRUE, "gossl server");
}

static void
test_legacy (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslPKCS12) p12 = load_p12 ("legacy.p12", SECRET, 6, &error);

  /* RC2-40 needs OpenSSL's legacy provider, which gossl loads */
  g_assert_no_error (error);
  assert_server_bundle (p12, TRUE, "gossl server");

  g_assert_null (load_p12 ("legacy.p12", (const guint8 *) "wrong", 5, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_BAD_PASSPHRASE);
}

static void
test_no_ca (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslPKCS12) p12 = load_p12 ("server-noca.p12", SECRET, 6, &error);

  g_assert_no_error (error);
  assert_server_bundle (p12, FALSE, NULL);
}

static void
test_empty_passphrase (void)
{
  /* written with -passout pass: : no passphrase and "" both open it */
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslPKCS12) with_null = load_p12 ("server-nopass.p12", NULL, 0, &error);
  g_autoptr(GosslPKCS12) with_empty = NULL;

  g_assert_no_error (error);
  assert_server_bundle (with_null, TRUE, "gossl server");
  with_empty = load_p12 ("server-nopass.p12", (const guint8 *) "", 0, &error);
  g_assert_no_error (error);
  assert_server_bundle (with_empty, TRUE, "gossl server");

  g_assert_null (load_p12 ("server-nopass.p12", SECRET, 6, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_BAD_PASSPHRASE);
}

static void
test_unencrypted (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslPKCS12) p12 = load_p12 ("server-unencrypted.p12", NULL, 0, &error);
  g_autoptr(GVariant) queue = NULL;
  const char *lib, *func, *reason;

  /* no MAC and no encryption: it opens without a passphrase... */
  g_assert_no_error (error);
  assert_server_bundle (p12, TRUE, "gossl server");

  /* ...and OpenSSL (so pyOpenSSL too) refuses a passphrase it cannot check */
  g_assert_null (load_p12 ("server-unencrypted.p12", SECRET, 6, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  queue = gossl_error_get_openssl_errors ();
  g_assert_cmpuint (g_variant_n_children (queue), ==, 2);
  g_variant_get_child (queue, 0, "(&s&s&s)", &lib, &func, &reason);
  g_assert_cmpstr (reason, ==, "mac absent");
}

static void
test_cert_only (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslPKCS12) p12 = load_p12 ("certonly.p12", SECRET, 6, &error);
  g_autoptr(GPtrArray) cas = NULL;
  g_autofree char *cn = NULL;

  g_assert_no_error (error);
  g_assert_null (gossl_pkcs12_get_privatekey (p12));
  /* with no key to match, OpenSSL (and pyOpenSSL) count the certificate as a CA */
  g_assert_null (gossl_pkcs12_get_certificate (p12));
  g_assert_null (gossl_pkcs12_get_friendly_name (p12));
  cas = gossl_pkcs12_get_ca_certificates (p12);
  g_assert_nonnull (cas);
  g_assert_cmpuint (cas->len, ==, 1);
  cn = common_name (cas->pdata[0]);
  g_assert_cmpstr (cn, ==, "localhost");
}

static void
test_parts_outlive_bundle (void)
{
  g_autoptr(GError) error = NULL;
  GosslPKCS12 *p12 = load_p12 ("server.p12", SECRET, 6, &error);
  g_autoptr(GosslX509) cert = NULL;
  g_autoptr(GosslX509) cert_again = NULL;
  g_autoptr(GosslPKey) key = NULL;
  g_autoptr(GPtrArray) cas = NULL;
  g_autoptr(GPtrArray) cas_again = NULL;
  g_autofree char *cn = NULL;
  g_autofree char *ca_cn = NULL;

  g_assert_no_error (error);
  cert = gossl_pkcs12_get_certificate (p12);
  cert_again = gossl_pkcs12_get_certificate (p12);
  g_assert_true (cert == cert_again);
  key = gossl_pkcs12_get_privatekey (p12);
  cas = gossl_pkcs12_get_ca_certificates (p12);
  cas_again = gossl_pkcs12_get_ca_certificates (p12);
  g_assert_true (cas != cas_again);
  g_assert_true (cas->pdata[0] == cas_again->pdata[0]);
  g_clear_pointer (&cas_again, g_ptr_array_unref);

  g_object_unref (p12);
  cn = common_name (cert);
  g_assert_cmpstr (cn, ==, "localhost");
  ca_cn = common_name (cas->pdata[0]);
  g_assert_cmpstr (ca_cn, ==, "gossl test CA");
  g_assert_true (gossl_pkey_check (key, &error));
  g_assert_no_error (error);
}

static void
test_wrong_passphrase (void)
{
  const char *files[] = { "server.p12", "server-noca.p12", "certonly.p12" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) queue = NULL;
      const char *lib, *func, *reason;

      g_assert_null (load_p12 (files[i], (const guint8 *) "Secret", 6, &error));
      g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_BAD_PASSPHRASE);
      queue = gossl_error_get_openssl_errors ();
      g_assert_cmpuint (g_variant_n_children (queue), ==, 1);
      g_variant_get_child (queue, 0, "(&s&s&s)", &lib, &func, &reason);
      g_assert_cmpstr (lib, ==, "PKCS12 routines");
      g_assert_cmpstr (reason, ==, "mac verify failure");
      g_assert_nonnull (strstr (error->message, "mac verify failure"));
      g_clear_error (&error);

      /* the empty passphrase is a passphrase too */
      g_assert_null (load_p12 (files[i], (const guint8 *) "", 0, &error));
      g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_BAD_PASSPHRASE);
    }
}

static void
test_missing_passphrase (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) queue = NULL;

  g_assert_null (load_p12 ("server.p12", NULL, 0, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_PASSPHRASE_REQUIRED);
  queue = gossl_error_get_openssl_errors ();
  g_assert_cmpuint (g_variant_n_children (queue), >, 0);
  g_clear_error (&error);

  g_assert_null (load_p12 ("legacy.p12", NULL, 0, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_PASSPHRASE_REQUIRED);
}

static void
test_passphrase_with_nul (void)
{
  g_autoptr(GError) error = NULL;
  const guint8 pass[] = { 's', 'e', 'c', 'r', 'e', 't', '\0', 'x' };

  g_assert_null (load_p12 ("server.p12", pass, sizeof pass, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

static void
assert_load_fails (const guint8 *data, gsize len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) queue = NULL;

  g_assert_null (gossl_pkcs12_new_from_data (data, len, SECRET, 6, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  queue = gossl_error_get_openssl_errors ();
  g_assert_true (g_variant_is_of_type (queue, G_VARIANT_TYPE ("a(sss)")));
  if (len > 0)
    g_assert_cmpuint (g_variant_n_children (queue), >, 0);
  else
    g_assert_nonnull (strstr (error->message, "no data"));
}

static void
test_bad_input (void)
{
  g_autoptr(GBytes) garbage = gossl_test_load_file ("garbage.bin");
  g_autoptr(GBytes) p12 = gossl_test_load_file ("server.p12");
  g_autoptr(GBytes) cert_pem = gossl_test_load_file ("server.pem");
  g_autoptr(GBytes) cert_der = gossl_test_load_file ("server.der");
  g_autoptr(GBytes) p7 = gossl_test_load_file ("pkcs7-signed.der");
  g_autofree char *p12_base64 = NULL;
  gsize len;
  const guint8 *data;

  assert_load_fails (NULL, 0);
  assert_load_fails ((const guint8 *) "", 0);
  data = g_bytes_get_data (garbage, &len);
  assert_load_fails (data, len);
  data = g_bytes_get_data (p12, &len);
  assert_load_fails (data, len / 2);       /* truncated */
  assert_load_fails (data, 10);
  p12_base64 = g_base64_encode (data, len); /* PKCS#12 is DER only */
  assert_load_fails ((const guint8 *) p12_base64, strlen (p12_base64));
  data = g_bytes_get_data (cert_pem, &len);
  assert_load_fails (data, len);
  data = g_bytes_get_data (cert_der, &len);
  assert_load_fails (data, len);
  data = g_bytes_get_data (p7, &len);
  assert_load_fails (data, len);
}


static GosslX509 *
load_cert (const char *name)
{
  g_autoptr(GBytes) pem = gossl_test_load_file (name);
  g_autoptr(GError) error = NULL;
  GosslX509 *cert = gossl_x509_new_from_bytes (GOSSL_FILETYPE_PEM, pem, &error);

  g_assert_no_error (error);
  return cert;
}

static GosslPKey *
load_key (const char *name)
{
  g_autoptr(GBytes) pem = gossl_test_load_file (name);
  g_autoptr(GError) error = NULL;
  GosslPKey *key = gossl_pkey_new_from_bytes (GOSSL_FILETYPE_PEM, pem, NULL, &error);

  g_assert_no_error (error);
  return key;
}

/* server.pem, server.key and ca.pem, as server.p12 holds them. */
static GosslPKCS12 *
server_bundle (const char *friendly_name)
{
  GosslPKCS12 *p12 = gossl_pkcs12_new ();
  g_autoptr(GosslX509) cert = load_cert ("server.pem");
  g_autoptr(GosslPKey) key = load_key ("server.key");
  g_autoptr(GosslX509) ca = load_cert ("ca.pem");

  gossl_pkcs12_set_certificate (p12, cert);
  gossl_pkcs12_set_privatekey (p12, key);
  gossl_pkcs12_set_ca_certificates (p12, &ca, 1);
  gossl_pkcs12_set_friendly_name (p12, friendly_name);
  return p12;
}

static GosslPKCS12 *
reload (GBytes *der, const char *passphrase, GError **error)
{
  return gossl_pkcs12_new_from_bytes (der, passphrase, error);
}

/* `openssl pkcs12 -in - -nodes ARGS...` on @der: its stdout, or NULL when
 * it fails. */
static char *
openssl_pkcs12 (GBytes *der, const char *passin, const char *extra)
{
  g_autofree char *pass = g_strconcat ("pass:", passin, NULL);
  g_autoptr(GBytes) out = NULL;
  int status;

  out = gossl_test_run_openssl (der, &status, NULL, "pkcs12", "-nodes", "-info", "-passin", pass,
                                extra, NULL);
  if (!g_spawn_check_wait_status (status, NULL))
    return NULL;
  return g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
}

static void
assert_contains (const char *haystack, const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("\"%s\" not found in:\n%s", needle, haystack);
}

/* What OpenSSL reads back: the certificate, the CA, the key, the name. */
static void
assert_openssl_reads_server_bundle (const char *text)
{
  g_autoptr(GBytes) server_pem = gossl_test_load_file ("server.pem");
  g_autoptr(GBytes) ca_pem = gossl_test_load_file ("ca.pem");
  g_autofree char *server = g_strndup (g_bytes_get_data (server_pem, NULL),
                                       g_bytes_get_size (server_pem));
  g_autofree char *ca = g_strndup (g_bytes_get_data (ca_pem, NULL), g_bytes_get_size (ca_pem));

  assert_contains (text, server);
  assert_contains (text, ca);
  assert_contains (text, "-----BEGIN PRIVATE KEY-----");
}

static void
test_export_roundtrip (void)
{
  struct {
    GosslPKCS12Encryption encryption;
    const char *mac_digest;
    const char *cipher_info;
    const char *mac_info;
  } cases[] = {
    { GOSSL_PKCS12_ENCRYPTION_AES_256, NULL, "PBES2, PBKDF2, AES-256-CBC", "MAC: sha256" },
    { GOSSL_PKCS12_ENCRYPTION_TRIPLE_DES, NULL, "pbeWithSHA1And3-KeyTripleDES-CBC",
      "MAC: sha256" },
    { GOSSL_PKCS12_ENCRYPTION_TRIPLE_DES, "sha1", "pbeWithSHA1And3-KeyTripleDES-CBC",
      "MAC: sha1" },
    { GOSSL_PKCS12_ENCRYPTION_AES_256, "SHA512", "PBES2, PBKDF2, AES-256-CBC", "MAC: sha512" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GosslPKCS12) p12 = server_bundle ("gossl server");
      g_autoptr(GosslPKCS12) back = NULL;
      g_autoptr(GBytes) der = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *wrong = NULL;

      der = gossl_pkcs12_export (p12, "secret", cases[i].encryption, cases[i].mac_digest, 1000, 1,
                                 &error);
      g_assert_no_error (error);
      g_assert_nonnull (der);

      back = reload (der, "secret", &error);
      g_assert_no_error (error);
      assert_server_bundle (back, TRUE, "gossl server");
      g_clear_object (&back);
      g_assert_null (reload (der, "Secret", &error));
      g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_BAD_PASSPHRASE);

      text = openssl_pkcs12 (der, "secret", NULL);
      g_assert_nonnull (text);
      assert_openssl_reads_server_bundle (text);
      assert_contains (text, "friendlyName: gossl server");
      wrong = openssl_pkcs12 (der, "Secret", NULL);
      g_assert_null (wrong);

      /* -info goes to stderr: the schemes, read back with OpenSSL's words */
      {
        g_autoptr(GBytes) out = NULL;
        g_autofree char *err = NULL;
        int status;

        out = gossl_test_run_openssl (der, &status, &err, "pkcs12", "-nodes", "-info",
                                      "-passin", "pass:secret", NULL);
        g_assert_true (g_spawn_check_wait_status (status, NULL));
        assert_contains (err, cases[i].cipher_info);
        assert_contains (err, cases[i].mac_info);
        assert_contains (err, "Iteration 1000");
      }
    }
}

static void
test_export_no_passphrase (void)
{
  const char *passphrases[] = { NULL, "" };

  for (guint i = 0; i < G_N_ELEMENTS (passphrases); i++)
    {
      g_autoptr(GosslPKCS12) p12 = server_bundle (NULL);
      g_autoptr(GosslPKCS12) with_null = NULL;
      g_autoptr(GosslPKCS12) with_empty = NULL;
      g_autoptr(GBytes) der = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      der = gossl_pkcs12_export (p12, passphrases[i], GOSSL_PKCS12_ENCRYPTION_TRIPLE_DES, NULL,
                                 0, 0, &error);
      g_assert_no_error (error);
      /* both "no passphrase" and "" open it, here and in OpenSSL */
      with_null = reload (der, NULL, &error);
      g_assert_no_error (error);
      assert_server_bundle (with_null, TRUE, NULL);
      with_empty = reload (der, "", &error);
      g_assert_no_error (error);
      assert_server_bundle (with_empty, TRUE, NULL);
      text = openssl_pkcs12 (der, "", NULL);
      g_assert_nonnull (text);
      assert_openssl_reads_server_bundle (text);
      g_assert_null (reload (der, "secret", &error));
      g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_BAD_PASSPHRASE);
    }
}

static void
test_export_no_mac (void)
{
  g_autoptr(GosslPKCS12) p12 = server_bundle (NULL);
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *without_check = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GBytes) out = NULL;
  int status;

  der = gossl_pkcs12_export (p12, "secret", GOSSL_PKCS12_ENCRYPTION_AES_256, NULL, 0, -1,
                             &error);
  g_assert_no_error (error);
  /* OpenSSL's tool reads it, noting the missing MAC... */
  out = gossl_test_run_openssl (der, &status, &err, "pkcs12", "-nodes", "-passin", "pass:secret",
                                NULL);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  assert_contains (err, "MAC is absent");
  without_check = openssl_pkcs12 (der, "secret", "-nomacver");
  g_assert_nonnull (without_check);
  assert_openssl_reads_server_bundle (without_check);
  /* ...and its parser refuses a passphrase it cannot check */
  g_assert_null (reload (der, "secret", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "mac absent"));
}

static void
test_export_friendly_name (void)
{
  /* UTF-8 in, UTF-8 out (as a BMPString in the file) */
  const char *names[] = { "Grüße, 証明書", "###", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GosslPKCS12) p12 = server_bundle ("replaced");
      g_autoptr(GosslPKCS12) back = NULL;
      g_autoptr(GBytes) der = NULL;
      g_autoptr(GError) error = NULL;

      gossl_pkcs12_set_friendly_name (p12, names[i]);
      g_assert_cmpstr (gossl_pkcs12_get_friendly_name (p12), ==, names[i]);
      der = gossl_pkcs12_export (p12, "x", GOSSL_PKCS12_ENCRYPTION_AES_256, NULL, 0, 0, &error);
      g_assert_no_error (error);
      back = reload (der, "x", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (gossl_pkcs12_get_friendly_name (back), ==, names[i]);
    }

  /* A certificate loaded from a bundle carries that bundle's name: the
   * export writes the name set, not that one besides it. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GosslPKCS12) loaded = load_p12 ("server.p12", SECRET, 6, &error);
    g_autoptr(GosslPKCS12) back = NULL;
    g_autoptr(GBytes) der = NULL;

    g_assert_no_error (error);
    gossl_pkcs12_set_friendly_name (loaded, "renamed");
    der = gossl_pkcs12_export (loaded, "x", GOSSL_PKCS12_ENCRYPTION_AES_256, NULL, 0, 0, &error);
    g_assert_no_error (error);
    back = reload (der, "x", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (gossl_pkcs12_get_friendly_name (back), ==, "renamed");
    assert_server_bundle (back, TRUE, "renamed");
  }
}

static void
test_export_partial (void)
{
  g_autoptr(GosslX509) cert = load_cert ("server.pem");
  g_autoptr(GosslPKey) key = load_key ("server.key");
  g_autoptr(GError) error = NULL;

  /* the certificate alone: OpenSSL reads it back as a CA certificate */
  {
    g_autoptr(GosslPKCS12) p12 = gossl_pkcs12_new ();
    g_autoptr(GosslPKCS12) back = NULL;
    g_autoptr(GBytes) der = NULL;
    g_autoptr(GPtrArray) cas = NULL;

    gossl_pkcs12_set_certificate (p12, cert);
    der = gossl_pkcs12_export (p12, "x", GOSSL_PKCS12_ENCRYPTION_AES_256, NULL, 0, 0, &error);
    g_assert_no_error (error);
    back = reload (der, "x", &error);
    g_assert_no_error (error);
    g_assert_null (gossl_pkcs12_get_privatekey (back));
    cas = gossl_pkcs12_get_ca_certificates (back);
    g_assert_nonnull (cas);
    g_assert_cmpuint (cas->len, ==, 1);
  }
  /* the key alone */
  {
    g_autoptr(GosslPKCS12) p12 = gossl_pkcs12_new ();
    g_autoptr(GosslPKCS12) back = NULL;
    g_autoptr(GosslPKey) back_key = NULL;
    g_autoptr(GBytes) der = NULL;
    g_autoptr(GByteArray) a = NULL;
    g_autoptr(GByteArray) b = NULL;

    gossl_pkcs12_set_privatekey (p12, key);
    der = gossl_pkcs12_export (p12, "x", GOSSL_PKCS12_ENCRYPTION_TRIPLE_DES, NULL, 0, 0, &error);
    g_assert_no_error (error);
    back = reload (der, "x", &error);
    g_assert_no_error (error);
    g_assert_null (gossl_pkcs12_get_certificate (back));
    g_assert_null (gossl_pkcs12_get_ca_certificates (back));
    back_key = gossl_pkcs12_get_privatekey (back);
    g_assert_nonnull (back_key);
    a = gossl_pkey_to_data (key, GOSSL_FILETYPE_ASN1, NULL, NULL, 0, &error);
    g_assert_no_error (error);
    b = gossl_pkey_to_data (back_key, GOSSL_FILETYPE_ASN1, NULL, NULL, 0, &error);
    g_assert_no_error (error);
    assert_same_bytes (a, b);
  }
}

static void
test_setters (void)
{
  g_autoptr(GosslPKCS12) p12 = gossl_pkcs12_new ();
  g_autoptr(GosslX509) server = load_cert ("server.pem");
  g_autoptr(GosslX509) ca = load_cert ("ca.pem");
  g_autoptr(GosslPKey) key = load_key ("server.key");
  g_autoptr(GPtrArray) cas = NULL;
  g_autoptr(GosslX509) got = NULL;
  g_autoptr(GosslPKey) got_key = NULL;
  GosslX509 *two[2] = { ca, server };

  g_assert_null (gossl_pkcs12_get_certificate (p12));
  g_assert_null (gossl_pkcs12_get_privatekey (p12));
  g_assert_null (gossl_pkcs12_get_ca_certificates (p12));
  g_assert_null (gossl_pkcs12_get_friendly_name (p12));

  gossl_pkcs12_set_certificate (p12, server);
  got = gossl_pkcs12_get_certificate (p12);
  g_assert_true (got == server);
  gossl_pkcs12_set_certificate (p12, NULL);
  g_assert_null (gossl_pkcs12_get_certificate (p12));

  gossl_pkcs12_set_privatekey (p12, key);
  got_key = gossl_pkcs12_get_privatekey (p12);
  g_assert_true (got_key == key);
  gossl_pkcs12_set_privatekey (p12, NULL);
  g_assert_null (gossl_pkcs12_get_privatekey (p12));

  gossl_pkcs12_set_ca_certificates (p12, two, 2);
  cas = gossl_pkcs12_get_ca_certificates (p12);
  g_assert_cmpuint (cas->len, ==, 2);
  g_assert_true (cas->pdata[0] == ca && cas->pdata[1] == server);
  gossl_pkcs12_set_ca_certificates (p12, two, 0);
  g_assert_null (gossl_pkcs12_get_ca_certificates (p12));
  gossl_pkcs12_set_ca_certificates (p12, two, 1);
  gossl_pkcs12_set_ca_certificates (p12, NULL, 0);
  g_assert_null (gossl_pkcs12_get_ca_certificates (p12));

  gossl_pkcs12_set_friendly_name (p12, "a");
  g_assert_cmpstr (gossl_pkcs12_get_friendly_name (p12), ==, "a");
  gossl_pkcs12_set_friendly_name (p12, NULL);
  g_assert_null (gossl_pkcs12_get_friendly_name (p12));
}

static void
assert_export_fails (GosslPKCS12 *p12, GosslPKCS12Encryption encryption, int iterations,
                     int mac_iterations, int code)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (gossl_pkcs12_export (p12, "x", encryption, NULL, iterations, mac_iterations,
                                      &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, code);
}

static void
test_export_bad_input (void)
{
  g_autoptr(GosslPKCS12) empty = gossl_pkcs12_new ();
  g_autoptr(GosslPKCS12) mismatch = server_bundle (NULL);
  g_autoptr(GosslPKCS12) p12 = server_bundle (NULL);
  g_autoptr(GosslPKey) other = load_key ("client.key");
  g_autoptr(GosslPKey) unset = gossl_pkey_new ();
  g_autoptr(GosslX509) server = load_cert ("server.pem");
  g_autoptr(GosslPKey) public_only = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) queue = NULL;

  assert_export_fails (empty, GOSSL_PKCS12_ENCRYPTION_AES_256, 0, 0, GOSSL_CRYPTO_ERROR_FAILED);

  /* the key must be the certificate's, with OpenSSL's reason */
  gossl_pkcs12_set_privatekey (mismatch, other);
  assert_export_fails (mismatch, GOSSL_PKCS12_ENCRYPTION_AES_256, 0, 0, GOSSL_CRYPTO_ERROR_FAILED);
  queue = gossl_error_get_openssl_errors ();
  g_assert_cmpuint (g_variant_n_children (queue), >, 0);

  gossl_pkcs12_set_privatekey (mismatch, unset);
  assert_export_fails (mismatch, GOSSL_PKCS12_ENCRYPTION_AES_256, 0, 0, GOSSL_CRYPTO_ERROR_FAILED);
  public_only = gossl_x509_get_pubkey (server, &error);
  g_assert_no_error (error);
  gossl_pkcs12_set_privatekey (mismatch, public_only);
  assert_export_fails (mismatch, GOSSL_PKCS12_ENCRYPTION_AES_256, 0, 0, GOSSL_CRYPTO_ERROR_FAILED);

  assert_export_fails (p12, GOSSL_PKCS12_ENCRYPTION_AES_256, -1, 0,
                       GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  assert_export_fails (p12, GOSSL_PKCS12_ENCRYPTION_AES_256, 0, -2,
                       GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  assert_export_fails (p12, (GosslPKCS12Encryption) 42, 0, 0,
                       GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_assert_null (gossl_pkcs12_export (p12, "x", GOSSL_PKCS12_ENCRYPTION_AES_256, "no-such-digest",
                                      0, 0, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pkcs12/load", test_load);
  g_test_add_func ("/pkcs12/legacy", test_legacy);
  g_test_add_func ("/pkcs12/no-ca", test_no_ca);
  g_test_add_func ("/pkcs12/empty-passphrase", test_empty_passphrase);
  g_test_add_func ("/pkcs12/unencrypted", test_unencrypted);
  g_test_add_func ("/pkcs12/cert-only", test_cert_only);
  g_test_add_func ("/pkcs12/parts-outlive-bundle", test_parts_outlive_bundle);
  g_test_add_func ("/pkcs12/wrong-passphrase", test_wrong_passphrase);
  g_test_add_func ("/pkcs12/missing-passphrase", test_missing_passphrase);
  g_test_add_func ("/pkcs12/passphrase-with-nul", test_passphrase_with_nul);
  g_test_add_func ("/pkcs12/bad-input", test_bad_input);
  g_test_add_func ("/pkcs12/setters", test_setters);
  g_test_add_func ("/pkcs12/export/roundtrip", test_export_roundtrip);
  g_test_add_func ("/pkcs12/export/no-passphrase", test_export_no_passphrase);
  g_test_add_func ("/pkcs12/export/no-mac", test_export_no_mac);
  g_test_add_func ("/pkcs12/export/friendly-name", test_export_friendly_name);
  g_test_add_func ("/pkcs12/export/partial", test_export_partial);
  g_test_add_func ("/pkcs12/export/bad-input", test_export_bad_input);

  return g_test_run ();
}
