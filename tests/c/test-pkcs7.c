#include "gossl-test-util.h"

static GosslPKCS7 *
load (const char *name, GosslFiletype type)
{
  g_autoptr(GBytes) bytes = gossl_test_load_file (name);
  g_autoptr(GError) error = NULL;
  GosslPKCS7 *p7;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  p7 = gossl_pkcs7_new_from_data (type, data, len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (p7);
  return p7;
}

static void
assert_kind (GosslPKCS7 *p7, gboolean is_signed, gboolean enveloped,
             gboolean signed_and_enveloped, gboolean data, const char *name)
{
  g_assert_cmpint (gossl_pkcs7_type_is_signed (p7), ==, is_signed);
  g_assert_cmpint (gossl_pkcs7_type_is_enveloped (p7), ==, enveloped);
  g_assert_cmpint (gossl_pkcs7_type_is_signed_and_enveloped (p7), ==, signed_and_enveloped);
  g_assert_cmpint (gossl_pkcs7_type_is_data (p7), ==, data);
  g_assert_cmpstr (gossl_pkcs7_get_type_name (p7), ==, name);
}

static void
test_signed (void)
{
  g_autoptr(GosslPKCS7) pem = load ("pkcs7-signed.pem", GOSSL_FILETYPE_PEM);
  g_autoptr(GosslPKCS7) der = load ("pkcs7-signed.der", GOSSL_FILETYPE_ASN1);

  assert_kind (pem, TRUE, FALSE, FALSE, FALSE, "pkcs7-signedData");
  assert_kind (der, TRUE, FALSE, FALSE, FALSE, "pkcs7-signedData");
  /* the .p7b bundle: both certificates, no signers */
  g_assert_cmpint (sk_X509_num (gossl_pkcs7_get_native (pem)->d.sign->cert), ==, 2);
  g_assert_cmpint (sk_PKCS7_SIGNER_INFO_num (gossl_pkcs7_get_native (der)->d.sign->signer_info), ==, 0);
}

static void
test_data (void)
{
  g_autoptr(GosslPKCS7) p7 = load ("pkcs7-data.pem", GOSSL_FILETYPE_PEM);
  ASN1_OCTET_STRING *content;

  assert_kind (p7, FALSE, FALSE, FALSE, TRUE, "pkcs7-data");
  content = gossl_pkcs7_get_native (p7)->d.data;
  g_assert_cmpmem (ASN1_STRING_get0_data (content), ASN1_STRING_length (content),
                   "Hello from gossl\n", 17);
}

static void
test_enveloped (void)
{
  g_autoptr(GosslPKCS7) p7 = load ("pkcs7-enveloped.pem", GOSSL_FILETYPE_PEM);

  assert_kind (p7, FALSE, TRUE, FALSE, FALSE, "pkcs7-envelopedData");
}

/* The openssl command line cannot write signedAndEnvelopedData (nor
 * digestData): make them with the C API and load the DER. */
static GosslPKCS7 *
load_native_type (int nid)
{
  g_autoptr(PKCS7) native = PKCS7_new ();
  g_autoptr(GError) error = NULL;
  unsigned char *der = NULL;
  int len;
  GosslPKCS7 *p7;

  g_assert_cmpint (PKCS7_set_type (native, nid), ==, 1);
  if (nid == NID_pkcs7_digest)
    {
      g_assert_cmpint (PKCS7_set_digest (native, EVP_sha256 ()), ==, 1);
      g_assert_cmpint (PKCS7_set_content (native, PKCS7_new ()), ==, 1);
      g_assert_cmpint (PKCS7_set_type (native->d.digest->contents, NID_pkcs7_data), ==, 1);
    }
  if (nid == NID_pkcs7_signedAndEnveloped)
    /* the content-encryption algorithm is normally filled in on encryption */
    g_assert_cmpint (X509_ALGOR_set0 (native->d.signed_and_enveloped->enc_data->algorithm,
                                      OBJ_nid2obj (NID_aes_128_cbc), V_ASN1_NULL, NULL), ==, 1);
  len = i2d_PKCS7 (native, &der);
  g_assert_cmpint (len, >, 0);
  p7 = gossl_pkcs7_new_from_data (GOSSL_FILETYPE_ASN1, der, len, &error);
  OPENSSL_free (der);
  g_assert_no_error (error);
  return p7;
}

static void
test_signed_and_enveloped (void)
{
  g_autoptr(GosslPKCS7) p7 = load_native_type (NID_pkcs7_signedAndEnveloped);
  g_autoptr(GosslPKCS7) digest = load_native_type (NID_pkcs7_digest);

  assert_kind (p7, FALSE, FALSE, TRUE, FALSE, "pkcs7-signedAndEnvelopedData");
  assert_kind (digest, FALSE, FALSE, FALSE, FALSE, "pkcs7-digestData");
}

static void
assert_fails (GosslFiletype type, const guint8 *data, gsize len, int code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) queue = NULL;

  g_assert_null (gossl_pkcs7_new_from_data (type, data, len, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, code);
  queue = gossl_error_get_openssl_errors ();
  g_assert_true (g_variant_is_of_type (queue, G_VARIANT_TYPE ("a(sss)")));
  if (len == 0)
    g_assert_nonnull (strstr (error->message, "no data")); /* DER: OpenSSL says nothing */
  else if (code == GOSSL_CRYPTO_ERROR_FAILED)
    g_assert_cmpuint (g_variant_n_children (queue), >, 0);
  else
    g_assert_cmpuint (g_variant_n_children (queue), ==, 0);
}

static void
test_bad_input (void)
{
  g_autoptr(GBytes) garbage = gossl_test_load_file ("garbage.bin");
  g_autoptr(GBytes) pem = gossl_test_load_file ("pkcs7-signed.pem");
  g_autoptr(GBytes) der = gossl_test_load_file ("pkcs7-signed.der");
  g_autoptr(GBytes) cert = gossl_test_load_file ("server.pem");
  gsize garbage_len, pem_len, der_len, cert_len;
  const guint8 *garbage_data = g_bytes_get_data (garbage, &garbage_len);
  const guint8 *pem_data = g_bytes_get_data (pem, &pem_len);
  const guint8 *der_data = g_bytes_get_data (der, &der_len);
  const guint8 *cert_data = g_bytes_get_data (cert, &cert_len);
  const int types[] = { GOSSL_FILETYPE_PEM, GOSSL_FILETYPE_ASN1 };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      assert_fails (types[i], (const guint8 *) "", 0, GOSSL_CRYPTO_ERROR_FAILED);
      assert_fails (types[i], NULL, 0, GOSSL_CRYPTO_ERROR_FAILED);
      assert_fails (types[i], garbage_data, garbage_len, GOSSL_CRYPTO_ERROR_FAILED);
      /* a certificate is not a PKCS#7 structure */
      assert_fails (types[i], cert_data, cert_len, GOSSL_CRYPTO_ERROR_FAILED);
    }

  /* truncated: half the PEM, and DER cut short */
  assert_fails (GOSSL_FILETYPE_PEM, pem_data, pem_len / 2, GOSSL_CRYPTO_ERROR_FAILED);
  assert_fails (GOSSL_FILETYPE_ASN1, der_data, der_len - 10, GOSSL_CRYPTO_ERROR_FAILED);
  /* the right data with the wrong filetype */
  assert_fails (GOSSL_FILETYPE_PEM, der_data, der_len, GOSSL_CRYPTO_ERROR_FAILED);
  assert_fails (GOSSL_FILETYPE_ASN1, pem_data, pem_len, GOSSL_CRYPTO_ERROR_FAILED);
  /* not a filetype at all */
  assert_fails (0, pem_data, pem_len, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  assert_fails (3, der_data, der_len, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

static void
test_error_message (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) queue = NULL;
  const char *lib, *func, *reason;

  g_assert_null (gossl_pkcs7_new_from_data (GOSSL_FILETYPE_PEM, (const guint8 *) "junk", 4,
                                            &error));
  queue = gossl_error_get_openssl_errors ();
  g_assert_cmpuint (g_variant_n_children (queue), >, 0);
  g_variant_get_child (queue, 0, "(&s&s&s)", &lib, &func, &reason);
  g_assert_cmpstr (lib, ==, "PEM routines");
  g_assert_cmpstr (reason, ==, "no start line");
  g_assert_true (g_str_has_prefix (error->message, "Could not load the PKCS#7 data"));
  g_assert_nonnull (strstr (error->message, "no start line"));
}

/* Issue 11 item 9: a content type OpenSSL has no name for gave NULL, and
 * Python's get_type_name() failed on None. pyOpenSSL 23 says "UNDEF". */
static void
test_unknown_type (void)
{
  /* ContentInfo with content type 1.2.3.4: bare, and with content. */
  static const guint8 bare[] = { 0x30, 0x05, 0x06, 0x03, 0x2a, 0x03, 0x04 };
  static const guint8 with_content[] = { 0x30, 0x0b, 0x06, 0x03, 0x2a, 0x03, 0x04,
                                         0xa0, 0x04, 0x04, 0x02, 0xab, 0xcd };
  const struct { const guint8 *data; gsize len; } inputs[] = {
    { bare, sizeof bare }, { with_content, sizeof with_content },
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GosslPKCS7) p7 = gossl_pkcs7_new_from_data (GOSSL_FILETYPE_ASN1, inputs[i].data,
                                                            inputs[i].len, &error);

      g_assert_no_error (error);
      g_assert_false (gossl_pkcs7_type_is_signed (p7));
      g_assert_false (gossl_pkcs7_type_is_data (p7));
      g_assert_cmpstr (gossl_pkcs7_get_type_name (p7), ==, "UNDEF");
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pkcs7/signed", test_signed);
  g_test_add_func ("/pkcs7/data", test_data);
  g_test_add_func ("/pkcs7/enveloped", test_enveloped);
  g_test_add_func ("/pkcs7/signed-and-enveloped", test_signed_and_enveloped);
  g_test_add_func ("/pkcs7/bad-input", test_bad_input);
  g_test_add_func ("/pkcs7/error-message", test_error_message);
  g_test_add_func ("/pkcs7/unknown-type", test_unknown_type);

  return g_test_run ();
}
