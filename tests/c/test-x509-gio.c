/* test-x509-gio.c: the GLib face of the certificate and key classes:
 * GBytes loaders, GDateTime validity, GIO's property names, subjectAltName
 * lists, non-throwing name reads, and GTlsCertificate interop against
 * glib-networking's own TLS server and client.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "tls-helpers.h"

/* --- helpers ------------------------------------------------------------------- */

static GosslPKey *
load_key (const char *name)
{
  g_autoptr(GBytes) pem = gossl_test_load_file (name);
  g_autoptr(GError) error = NULL;
  GosslPKey *key = gossl_pkey_new_from_bytes (GOSSL_FILETYPE_PEM, pem, NULL, &error);

  g_assert_no_error (error);
  return key;
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

/* GIO's own reading of @pem (glib-networking's backend), not gossl's. */
static GTlsCertificate *
gio_cert (const char *pem)
{
  g_autoptr(GError) error = NULL;
  GTlsCertificate *cert = g_tls_certificate_new_from_pem (pem, -1, &error);

  g_assert_no_error (error);
  return cert;
}

static char *
cert_pem (GosslX509 *cert)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pem = gossl_x509_to_bytes (cert, GOSSL_FILETYPE_PEM, &error);

  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (pem, NULL), g_bytes_get_size (pem));
}

static void
add_extension (GosslX509 *cert, const char *name, gboolean critical, const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslX509Extension) ext =
    gossl_x509_extension_new (name, critical, value, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (gossl_x509_add_extension (cert, ext, &error));
  g_assert_no_error (error);
}

/* A v3 certificate for @key, valid from an hour ago for a day, signed by
 * @issuer_key (self-signed when @issuer is NULL). */
static GosslX509 *
make_cert (const char *cn,
           GosslPKey  *key,
           GosslX509  *issuer,
           GosslPKey  *issuer_key,
           const char *serial,
           gboolean    ca,
           const char *san)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) start = g_date_time_add_hours (now, -1);
  g_autoptr(GDateTime) end = g_date_time_add_days (now, 1);
  g_autoptr(GosslX509Name) subject = gossl_x509_name_new ();
  GosslX509 *cert = gossl_x509_new ();

  g_assert_true (gossl_x509_set_version (cert, 2, &error));
  g_assert_true (gossl_x509_set_serial_number (cert, serial, &error));
  g_assert_true (gossl_x509_name_set_entry (subject, "O", "gossl test", &error));
  g_assert_true (gossl_x509_name_set_entry (subject, "CN", cn, &error));
  g_assert_true (gossl_x509_set_subject (cert, subject, &error));
  if (issuer != NULL)
    {
      g_autoptr(GosslX509Name) issuer_name = gossl_x509_get_subject (issuer);

      g_assert_true (gossl_x509_set_issuer (cert, issuer_name, &error));
    }
  else
    g_assert_true (gossl_x509_set_issuer (cert, subject, &error));
  g_assert_true (gossl_x509_set_pubkey (cert, key, &error));
  g_assert_true (gossl_x509_set_not_valid_before (cert, start, &error));
  g_assert_true (gossl_x509_set_not_valid_after (cert, end, &error));
  g_assert_no_error (error);
  add_extension (cert, "basicConstraints", TRUE, ca ? "CA:TRUE" : "CA:FALSE");
  if (ca)
    add_extension (cert, "keyUsage", TRUE, "keyCertSign, cRLSign");
  if (san != NULL)
    add_extension (cert, "subjectAltName", FALSE, san);
  g_assert_true (gossl_x509_sign (cert, issuer_key, "sha256", &error));
  g_assert_no_error (error);
  return cert;
}

/* --- GBytes in and out ----------------------------------------------------------- */

static void
assert_bytes_equal (GBytes *bytes, GByteArray *array)
{
  g_assert_nonnull (bytes);
  g_assert_nonnull (array);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), array->data, array->len);
}

static void
test_bytes_x509 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) der = gossl_test_load_file ("server.der");
  g_autoptr(GosslX509) cert = load_cert ("server.pem");
  g_autoptr(GosslX509) from_der = gossl_x509_new_from_bytes (GOSSL_FILETYPE_ASN1, der, &error);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GByteArray) array = NULL;

  g_assert_no_error (error);
  out = gossl_x509_to_bytes (cert, GOSSL_FILETYPE_ASN1, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (out, der));
  g_clear_pointer (&out, g_bytes_unref);
  out = gossl_x509_to_bytes (from_der, GOSSL_FILETYPE_PEM, &error);
  array = gossl_x509_to_data (cert, GOSSL_FILETYPE_PEM, &error);
  g_assert_no_error (error);
  assert_bytes_equal (out, array);

  /* Errors as the array forms give them; NULL is what a binding passes for null. */
  g_assert_null (gossl_x509_new_from_bytes (GOSSL_FILETYPE_PEM, der, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_null (gossl_x509_new_from_bytes (GOSSL_FILETYPE_PEM, NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gossl_x509_to_bytes (cert, 7, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

static void
test_bytes_req (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pem = gossl_test_load_file ("server.csr");
  g_autoptr(GBytes) der = gossl_test_load_file ("server.csr.der");
  g_autoptr(GosslX509Req) req = gossl_x509_req_new_from_bytes (GOSSL_FILETYPE_PEM, pem, &error);
  g_autoptr(GBytes) out = NULL;

  g_assert_no_error (error);
  out = gossl_x509_req_to_bytes (req, GOSSL_FILETYPE_ASN1, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (out, der));
  g_assert_null (gossl_x509_req_new_from_bytes (GOSSL_FILETYPE_ASN1, NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

static void
test_bytes_pkey (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) enc = gossl_test_load_file ("server-enc.key");
  g_autoptr(GBytes) der = gossl_test_load_file ("server.key.der");
  g_autoptr(GosslPKey) plain = load_key ("server.key");
  g_autoptr(GosslPKey) key = NULL;
  g_autoptr(GosslPKey) pub = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) public_der = NULL;
  g_autoptr(GByteArray) array = NULL;

  /* The text passphrase, and the errors of the array form. */
  g_assert_null (gossl_pkey_new_from_bytes (GOSSL_FILETYPE_PEM, enc, NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_PASSPHRASE_REQUIRED);
  g_clear_error (&error);
  g_assert_null (gossl_pkey_new_from_bytes (GOSSL_FILETYPE_PEM, enc, "wrong", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_BAD_PASSPHRASE);
  g_clear_error (&error);
  key = gossl_pkey_new_from_bytes (GOSSL_FILETYPE_PEM, enc, "secret", &error);
  g_assert_no_error (error);

  out = gossl_pkey_to_bytes (key, GOSSL_FILETYPE_ASN1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (out, der));
  g_clear_pointer (&out, g_bytes_unref);

  /* Encrypted with a text passphrase, and back. */
  out = gossl_pkey_to_bytes (key, GOSSL_FILETYPE_PEM, "aes-128-cbc", "pass phrase", &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (out, NULL), g_bytes_get_size (out),
                                  "ENCRYPTED PRIVATE KEY"));
  g_clear_object (&key);
  key = gossl_pkey_new_from_bytes (GOSSL_FILETYPE_PEM, out, "pass phrase", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gossl_pkey_get_bits (key), ==, 2048);
  g_assert_null (gossl_pkey_to_bytes (key, GOSSL_FILETYPE_PEM, "aes-128-cbc", NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  public_der = gossl_pkey_public_to_bytes (plain, GOSSL_FILETYPE_ASN1, &error);
  g_assert_no_error (error);
  array = gossl_pkey_public_to_data (plain, GOSSL_FILETYPE_ASN1, &error);
  assert_bytes_equal (public_der, array);
  pub = gossl_pkey_new_public_from_bytes (GOSSL_FILETYPE_ASN1, public_der, &error);
  g_assert_no_error (error);
  g_assert_false (gossl_pkey_has_private (pub));
  g_assert_null (gossl_pkey_new_public_from_bytes (GOSSL_FILETYPE_ASN1, NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

static void
test_bytes_pkcs (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) p7 = gossl_test_load_file ("pkcs7-signed.der");
  g_autoptr(GBytes) p12 = gossl_test_load_file ("server.p12");
  g_autoptr(GosslPKCS7) pkcs7 = gossl_pkcs7_new_from_bytes (GOSSL_FILETYPE_ASN1, p7, &error);
  g_autoptr(GosslPKCS12) pkcs12 = NULL;
  g_autoptr(GosslX509) cert = NULL;

  g_assert_no_error (error);
  g_assert_true (gossl_pkcs7_type_is_signed (pkcs7));

  g_assert_null (gossl_pkcs12_new_from_bytes (p12, NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_PASSPHRASE_REQUIRED);
  g_clear_error (&error);
  g_assert_null (gossl_pkcs12_new_from_bytes (p12, "wrong", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_BAD_PASSPHRASE);
  g_clear_error (&error);
  pkcs12 = gossl_pkcs12_new_from_bytes (p12, "secret", &error);
  g_assert_no_error (error);
  cert = gossl_pkcs12_get_certificate (pkcs12);
  {
    g_autofree char *cn = gossl_x509_get_subject_common_name (cert);

    g_assert_cmpstr (cn, ==, "localhost");
  }

  g_assert_null (gossl_pkcs7_new_from_bytes (GOSSL_FILETYPE_ASN1, NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gossl_pkcs12_new_from_bytes (NULL, NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

/* --- GDateTime validity -------------------------------------------------------- */

static void
assert_date (GDateTime *when, const char *iso8601)
{
  g_autofree char *text = NULL;

  g_assert_nonnull (when);
  text = g_date_time_format_iso8601 (when);
  g_assert_cmpstr (text, ==, iso8601);
  g_assert_cmpint (g_date_time_get_utc_offset (when), ==, 0);
}

static void
test_dates_read (void)
{
  g_autoptr(GosslX509) cert = load_cert ("server.pem");
  g_autofree char *pem = cert_pem (cert);
  g_autoptr(GTlsCertificate) gio = gio_cert (pem);
  g_autoptr(GDateTime) before = gossl_x509_get_not_valid_before (cert);
  g_autoptr(GDateTime) after = gossl_x509_get_not_valid_after (cert);
  g_autoptr(GDateTime) gio_before = g_tls_certificate_get_not_valid_before (gio);
  g_autoptr(GDateTime) gio_after = g_tls_certificate_get_not_valid_after (gio);
  g_autoptr(GDateTime) prop = NULL;
  g_autoptr(GosslX509) empty = gossl_x509_new ();
  g_autofree char *text = gossl_x509_get_not_before (cert);
  g_autofree char *expected = NULL;

  /* The same instants as the string form and as GIO's reading. */
  g_assert_true (g_date_time_equal (before, gio_before));
  g_assert_true (g_date_time_equal (after, gio_after));
  expected = g_date_time_format (before, "%Y%m%d%H%M%SZ");
  g_assert_cmpstr (text, ==, expected);
  g_object_get (cert, "not-valid-after", &prop, NULL);
  g_assert_true (g_date_time_equal (prop, after));

  g_assert_null (gossl_x509_get_not_valid_before (empty));
  g_assert_null (gossl_x509_get_not_valid_after (empty));
}

static void
test_dates_write (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslX509) cert = gossl_x509_new ();
  g_autoptr(GTimeZone) east = g_time_zone_new_offset (2 * 3600);
  g_autoptr(GTimeZone) west = g_time_zone_new_offset (-5 * 3600);
  g_autoptr(GDateTime) local = g_date_time_new (east, 2030, 6, 1, 1, 30, 15.75);
  g_autoptr(GDateTime) late = g_date_time_new_utc (2050, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) first = g_date_time_new_utc (1, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) last = g_date_time_new_utc (9999, 12, 31, 23, 59, 59);
  g_autoptr(GDateTime) past_end = g_date_time_new (west, 9999, 12, 31, 23, 0, 0);
  g_autoptr(GDateTime) before_start = g_date_time_new (east, 1, 1, 1, 0, 30, 0);
  g_autoptr(GDateTime) got = NULL;
  char *text;

  /* Any time zone in, UTC whole seconds out; 2030 is a UTCTime. */
  g_assert_true (gossl_x509_set_not_valid_before (cert, local, &error));
  g_assert_no_error (error);
  got = gossl_x509_get_not_valid_before (cert);
  assert_date (got, "2030-05-31T23:30:15Z");
  text = gossl_x509_get_not_before (cert);
  g_assert_cmpstr (text, ==, "20300531233015Z");
  g_free (text);
  g_assert_cmpint (ASN1_STRING_type (X509_get0_notBefore (gossl_x509_get_native (cert))), ==,
                   V_ASN1_UTCTIME);

  /* From 2050 on, GeneralizedTime, as RFC 5280 asks. */
  g_assert_true (gossl_x509_set_not_valid_after (cert, late, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ASN1_STRING_type (X509_get0_notAfter (gossl_x509_get_native (cert))), ==,
                   V_ASN1_GENERALIZEDTIME);
  g_clear_pointer (&got, g_date_time_unref);
  got = gossl_x509_get_not_valid_after (cert);
  assert_date (got, "2050-01-01T00:00:00Z");

  /* The ends of the range. */
  g_assert_true (gossl_x509_set_not_valid_before (cert, first, &error));
  g_assert_true (gossl_x509_set_not_valid_after (cert, last, &error));
  g_assert_no_error (error);
  g_clear_pointer (&got, g_date_time_unref);
  got = gossl_x509_get_not_valid_before (cert);
  assert_date (got, "0001-01-01T00:00:00Z");
  g_clear_pointer (&got, g_date_time_unref);
  got = gossl_x509_get_not_valid_after (cert);
  assert_date (got, "9999-12-31T23:59:59Z");

  /* In range where they are, out of range in UTC: refused, nothing changes. */
  g_assert_false (gossl_x509_set_not_valid_after (cert, past_end, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_x509_set_not_valid_before (cert, before_start, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_x509_set_not_valid_before (cert, NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_clear_pointer (&got, g_date_time_unref);
  got = gossl_x509_get_not_valid_after (cert);
  assert_date (got, "9999-12-31T23:59:59Z");
}

/* A certificate can say year 0; GDateTime cannot: NULL, not a wrong date. */
static void
test_dates_year_zero (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslX509) cert = gossl_x509_new ();

  g_assert_true (gossl_x509_set_not_before (cert, "00000101000000Z", &error));
  g_assert_no_error (error);
  g_assert_null (gossl_x509_get_not_valid_before (cert));
}

/* --- names, SANs and properties ---------------------------------------------------- */

/* Escapes, a multi-valued RDN, non-ASCII text: built natively, as openssl
 * req would. */
static GosslX509 *
make_awkward_cert (void)
{
  g_autoptr(GosslPKey) key = gossl_test_rsa_key ();
  X509 *x509 = X509_new ();
  X509_NAME *name = X509_NAME_new ();
  GosslX509 *cert;

#define ADD(field, value, set) \
  g_assert_true (X509_NAME_add_entry_by_txt (name, field, MBSTRING_UTF8, \
                                             (const unsigned char *) value, -1, -1, set))
  ADD ("C", "DE", 0);
  ADD ("O", "Z\xc3\xbcrich \"AG\"", 0);
  ADD ("OU", "a,b;c<d>e\\f#g", 0);
  ADD ("OU", " lead", 0);
  ADD ("UID", "x", -1);  /* joins the RDN before it */
  ADD ("CN", "#hash=eq ", 0);
#undef ADD
  X509_set_version (x509, X509_VERSION_3);
  X509_set_subject_name (x509, name);
  X509_set_issuer_name (x509, name);
  X509_NAME_free (name);
  X509_gmtime_adj (X509_getm_notBefore (x509), 0);
  X509_gmtime_adj (X509_getm_notAfter (x509), 3600);
  cert = gossl_x509_new_from_native (x509);
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (gossl_x509_set_pubkey (cert, key, &error));
    add_extension (cert, "subjectAltName", FALSE,
                   "DNS:a.example, DNS:*.b.example, IP:::1, IP:10.0.0.1, "
                   "email:x@y.example, URI:https://u.example/p, email:z@y.example");
    g_assert_true (gossl_x509_sign (cert, key, "sha256", &error));
    g_assert_no_error (error);
  }
  return cert;
}

static void
test_names_match_gio (void)
{
  g_autoptr(GosslX509) cert = make_awkward_cert ();
  g_autofree char *pem = cert_pem (cert);
  g_autoptr(GTlsCertificate) gio = gio_cert (pem);
  g_autofree char *subject = gossl_x509_get_subject_name (cert);
  g_autofree char *issuer = gossl_x509_get_issuer_name (cert);
  g_autofree char *gio_subject = g_tls_certificate_get_subject_name (gio);
  g_autofree char *gio_issuer = g_tls_certificate_get_issuer_name (gio);
  g_autofree char *prop = NULL;
  g_autoptr(GosslX509) server = load_cert ("server.pem");
  g_autofree char *server_subject = gossl_x509_get_subject_name (server);
  g_autoptr(GosslX509) empty = gossl_x509_new ();
  g_autofree char *empty_subject = gossl_x509_get_subject_name (empty);

  g_assert_cmpstr (subject, ==,
                   "C=DE,O=Z\xc3\xbcrich \\\"AG\\\",OU=a\\,b\\;c\\<d\\>e\\\\f#g,"
                   "OU=\\ lead+UID=x,CN=\\#hash=eq\\ ");
  g_assert_cmpstr (subject, ==, gio_subject);
  g_assert_cmpstr (issuer, ==, gio_issuer);
  g_object_get (cert, "subject-name", &prop, NULL);
  g_assert_cmpstr (prop, ==, subject);
  g_assert_cmpstr (server_subject, ==,
                   "C=US,ST=Massachusetts,L=Boston,O=gossl test,CN=localhost");
  g_assert_cmpstr (empty_subject, ==, "");
}

static void
test_alt_names (void)
{
  g_autoptr(GosslX509) cert = make_awkward_cert ();
  g_autofree char *pem = cert_pem (cert);
  g_autoptr(GTlsCertificate) gio = gio_cert (pem);
  g_autoptr(GPtrArray) dns = gossl_x509_get_dns_names (cert);
  g_autoptr(GPtrArray) ips = gossl_x509_get_ip_addresses (cert);
  g_autoptr(GPtrArray) gio_dns = g_tls_certificate_get_dns_names (gio);
  g_autoptr(GPtrArray) gio_ips = g_tls_certificate_get_ip_addresses (gio);
  g_autoptr(GPtrArray) prop_dns = NULL;
  g_autoptr(GPtrArray) prop_ips = NULL;
  g_auto(GStrv) emails = gossl_x509_get_email_addresses (cert);
  g_auto(GStrv) uris = gossl_x509_get_uris (cert);
  g_autoptr(GosslX509) bare = load_cert ("ca.pem");
  g_autoptr(GPtrArray) none = gossl_x509_get_dns_names (bare);
  g_autoptr(GPtrArray) no_ips = gossl_x509_get_ip_addresses (bare);
  g_auto(GStrv) no_emails = gossl_x509_get_email_addresses (bare);
  const char *const expected_emails[] = { "x@y.example", "z@y.example", NULL };
  const char *const expected_uris[] = { "https://u.example/p", NULL };

  g_assert_cmpuint (dns->len, ==, 2);
  g_assert_cmpuint (dns->len, ==, gio_dns->len);
  for (guint i = 0; i < dns->len; i++)
    g_assert_true (g_bytes_equal (dns->pdata[i], gio_dns->pdata[i]));
  g_assert_cmpmem (g_bytes_get_data (dns->pdata[1], NULL), g_bytes_get_size (dns->pdata[1]),
                   "*.b.example", 11);
  g_assert_cmpuint (ips->len, ==, 2);
  g_assert_cmpuint (ips->len, ==, gio_ips->len);
  for (guint i = 0; i < ips->len; i++)
    g_assert_true (g_inet_address_equal (ips->pdata[i], gio_ips->pdata[i]));
  g_assert_cmpint (g_inet_address_get_family (ips->pdata[0]), ==, G_SOCKET_FAMILY_IPV6);
  g_assert_true (g_strv_equal ((const char *const *) emails, expected_emails));
  g_assert_true (g_strv_equal ((const char *const *) uris, expected_uris));

  /* The properties, with GIO's types. */
  g_object_get (cert, "dns-names", &prop_dns, "ip-addresses", &prop_ips, NULL);
  g_assert_cmpuint (prop_dns->len, ==, 2);
  g_assert_true (g_bytes_equal (prop_dns->pdata[0], dns->pdata[0]));
  g_assert_true (G_IS_INET_ADDRESS (prop_ips->pdata[1]));

  /* No extension: empty lists, never NULL. */
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (no_ips->len, ==, 0);
  g_assert_cmpuint (g_strv_length (no_emails), ==, 0);
}

/* A zero byte inside a name is kept in the GBytes (as GIO has it) and keeps
 * the entry out of the string lists rather than cutting it short. */
static void
test_alt_names_nul (void)
{
  g_autoptr(GosslX509) cert = gossl_x509_new ();
  GENERAL_NAMES *names = GENERAL_NAMES_new ();
  const char dns[] = "good.example\0.evil.example";
  const char *texts[] = { dns, "a@b.example\0@evil.example" };
  const int types[] = { GEN_DNS, GEN_EMAIL };
  g_autoptr(GPtrArray) got = NULL;
  g_auto(GStrv) emails = NULL;

  for (int i = 0; i < 2; i++)
    {
      GENERAL_NAME *name = GENERAL_NAME_new ();
      ASN1_IA5STRING *text = ASN1_IA5STRING_new ();

      ASN1_STRING_set (text, texts[i], i == 0 ? (int) sizeof dns - 1 : 25);
      GENERAL_NAME_set0_value (name, types[i], text);
      sk_GENERAL_NAME_push (names, name);
    }
  g_assert_cmpint (X509_add1_ext_i2d (gossl_x509_get_native (cert), NID_subject_alt_name,
                                      names, 0, X509V3_ADD_DEFAULT), ==, 1);
  GENERAL_NAMES_free (names);

  got = gossl_x509_get_dns_names (cert);
  g_assert_cmpuint (got->len, ==, 1);
  g_assert_cmpmem (g_bytes_get_data (got->pdata[0], NULL), g_bytes_get_size (got->pdata[0]),
                   dns, sizeof dns - 1);
  emails = gossl_x509_get_email_addresses (cert);
  g_assert_cmpuint (g_strv_length (emails), ==, 0);
}

static void
test_serial_and_encoding (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslX509) cert = load_cert ("server.pem");
  g_autoptr(GBytes) der = gossl_test_load_file ("server.der");
  g_autofree char *serial = NULL;
  g_autofree char *pem = NULL;
  g_autoptr(GByteArray) prop_der = NULL;
  g_autoptr(GTlsCertificate) gio = NULL;
  g_autoptr(GByteArray) gio_der = NULL;
  g_autoptr(GosslX509) fresh = gossl_x509_new ();
  g_autoptr(GByteArray) none = NULL;

  g_object_get (cert, "serial-number", &serial, "certificate", &prop_der,
                "certificate-pem", &pem, NULL);
  g_assert_cmpstr (serial, ==, "02");
  assert_bytes_equal (der, prop_der);
  gio = gio_cert (pem);
  g_object_get (gio, "certificate", &gio_der, NULL);
  g_assert_cmpmem (gio_der->data, gio_der->len, prop_der->data, prop_der->len);

  g_assert_true (gossl_x509_set_serial_number (cert, "-1f", &error));
  g_clear_pointer (&serial, g_free);
  g_object_get (cert, "serial-number", &serial, NULL);
  g_assert_cmpstr (serial, ==, "-1F");

  /* Not encodable yet: NULL rather than a warning. */
  g_object_get (fresh, "certificate", &none, NULL);
  g_assert_null (none);
}

typedef struct {
  GHashTable *seen; /* property name -> count */
  GosslX509  *cert;
  char       *cn_in_handler;
} Notes;

static void
on_notify (GObject *object, GParamSpec *pspec, gpointer data)
{
  Notes *notes = data;
  const char *name = g_param_spec_get_name (pspec);

  g_hash_table_insert (notes->seen, (gpointer) name,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (notes->seen, name)) + 1));
  /* What a GJS or Vala handler does: read without a GError. */
  if (g_str_equal (name, "subject-name"))
    {
      g_free (notes->cn_in_handler);
      notes->cn_in_handler = gossl_x509_get_subject_common_name (notes->cert);
    }
}

static guint
seen (Notes *notes, const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (notes->seen, name));
}

static void
test_notify (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslX509) cert = gossl_x509_new ();
  g_autoptr(GosslX509Name) name = gossl_x509_name_new ();
  g_autoptr(GosslX509Name) view = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_utc (2030, 1, 1, 0, 0, 0);
  g_autoptr(GosslX509Extension) san = NULL;
  g_autoptr(GosslX509Extension) other = NULL;
  g_autoptr(GosslPKey) key = gossl_test_rsa_key ();
  Notes notes = { g_hash_table_new (g_str_hash, g_str_equal), cert, NULL };

  g_signal_connect (cert, "notify", G_CALLBACK (on_notify), &notes);

  g_assert_true (gossl_x509_name_set_entry (name, "CN", "first", &error));
  g_assert_true (gossl_x509_set_subject (cert, name, &error));
  g_assert_cmpuint (seen (&notes, "subject-name"), ==, 1);
  g_assert_cmpstr (notes.cn_in_handler, ==, "first");

  /* Through the live view, as pyOpenSSL code does `cert.get_subject().CN = ...`. */
  view = gossl_x509_get_subject (cert);
  g_assert_true (gossl_x509_name_set_entry (view, "CN", "second", &error));
  g_assert_cmpuint (seen (&notes, "subject-name"), ==, 2);
  g_assert_cmpstr (notes.cn_in_handler, ==, "second");
  g_clear_object (&view);
  view = gossl_x509_get_issuer (cert);
  g_assert_true (gossl_x509_name_set_entry (view, "CN", "issuer", &error));
  g_assert_true (gossl_x509_set_issuer (cert, name, &error));
  g_assert_cmpuint (seen (&notes, "issuer-name"), ==, 2);
  g_assert_cmpuint (seen (&notes, "subject-name"), ==, 2);

  g_assert_true (gossl_x509_set_serial_number (cert, "1234", &error));
  g_assert_cmpuint (seen (&notes, "serial-number"), ==, 1);

  g_assert_true (gossl_x509_set_not_valid_before (cert, when, &error));
  g_assert_true (gossl_x509_set_not_before (cert, "20300101000000Z", &error));
  g_assert_true (gossl_x509_gmtime_adj_not_before (cert, 0, NULL));
  g_assert_cmpuint (seen (&notes, "not-valid-before"), ==, 3);
  g_assert_true (gossl_x509_set_not_valid_after (cert, when, &error));
  g_assert_true (gossl_x509_set_not_after (cert, "20300101000000Z", &error));
  g_assert_true (gossl_x509_gmtime_adj_not_after (cert, 60, NULL));
  g_assert_cmpuint (seen (&notes, "not-valid-after"), ==, 3);
  g_assert_no_error (error);

  /* Failures change nothing and notify nothing. */
  g_assert_false (gossl_x509_set_serial_number (cert, "xyz", &error));
  g_clear_error (&error);
  g_assert_false (gossl_x509_set_not_after (cert, "garbage", &error));
  g_clear_error (&error);
  g_assert_cmpuint (seen (&notes, "serial-number"), ==, 1);
  g_assert_cmpuint (seen (&notes, "not-valid-after"), ==, 3);

  other = gossl_x509_extension_new ("basicConstraints", TRUE, "CA:FALSE", NULL, NULL, &error);
  g_assert_true (gossl_x509_add_extension (cert, other, &error));
  g_assert_cmpuint (seen (&notes, "dns-names"), ==, 0);
  san = gossl_x509_extension_new ("subjectAltName", FALSE, "DNS:n.example", NULL, NULL, &error);
  g_assert_true (gossl_x509_add_extension (cert, san, &error));
  g_assert_cmpuint (seen (&notes, "dns-names"), ==, 1);
  g_assert_cmpuint (seen (&notes, "ip-addresses"), ==, 1);

  g_hash_table_remove_all (notes.seen);
  g_assert_true (gossl_x509_set_pubkey (cert, key, &error));
  g_assert_true (gossl_x509_sign (cert, key, "sha256", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen (&notes, "certificate"), ==, 2);
  g_assert_cmpuint (seen (&notes, "certificate-pem"), ==, 2);
  g_assert_cmpuint (seen (&notes, "subject-name"), ==, 0);

  g_signal_handlers_disconnect_by_data (cert, &notes);
  g_hash_table_unref (notes.seen);
  g_free (notes.cn_in_handler);
}

static void
test_common_name (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslX509) server = load_cert ("server.pem");
  g_autoptr(GosslX509) empty = gossl_x509_new ();
  g_autofree char *cn = gossl_x509_get_subject_common_name (server);
  g_autofree char *issuer_cn = gossl_x509_get_issuer_common_name (server);
  g_autofree char *org = gossl_x509_lookup_subject_entry (server, "organizationName");
  g_autofree char *issuer_st = gossl_x509_lookup_issuer_entry (server, "ST");
  g_autofree char *missing = NULL;
  g_autofree char *unknown = NULL;

  g_assert_cmpstr (cn, ==, "localhost");
  g_assert_cmpstr (issuer_cn, ==, "gossl test CA");
  g_assert_cmpstr (org, ==, "gossl test");
  g_assert_cmpstr (issuer_st, ==, "Massachusetts");
  g_assert_null (gossl_x509_get_subject_common_name (empty));
  g_assert_null (gossl_x509_get_issuer_common_name (empty));

  /* Neither an unknown field nor a missing entry is an error, and the
   * error record of the last real failure stays readable. */
  g_assert_null (gossl_x509_new_from_data (GOSSL_FILETYPE_PEM, (const guint8 *) "x", 1, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  {
    g_autoptr(GVariant) before = gossl_error_get_openssl_errors ();
    g_autoptr(GVariant) after = NULL;

    missing = gossl_x509_lookup_subject_entry (server, "emailAddress");
    unknown = gossl_x509_lookup_subject_entry (server, "noSuchField");
    g_assert_null (gossl_x509_lookup_issuer_entry (server, NULL));
    after = gossl_error_get_openssl_errors ();
    g_assert_true (g_variant_equal (before, after));
    g_assert_cmpuint (g_variant_n_children (after), >, 0);
  }
  g_assert_null (missing);
  g_assert_null (unknown);
}

/* --- GTlsCertificate interop: glib-networking serves and verifies ---------------- */

static char *
write_temp_pem (const char *pem)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("gossl-ca-XXXXXX.pem", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, pem, -1, &error));
  g_assert_no_error (error);
  return path;
}

/* GIO's TLS client, trusting only @ca_path, against @certificate served by
 * GIO's TLS server on 127.0.0.1. Returns the client's peer certificate, or
 * NULL with @error set when the handshake failed. */
static GTlsCertificate *
gio_handshake (GTlsCertificate *certificate, const char *ca_path, GSocketConnectable *identity,
               GTlsCertificateFlags *errors_out, GError **error)
{
  g_autoptr(GError) db_error = NULL;
  g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca_path, &db_error);
  g_autoptr(GIOStream) base = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_auto(TlsGioServer) server = { .certificate = certificate };
  GTlsCertificate *peer = NULL;
  guint16 port;
  int listen_fd;
  char line[7] = { 0 };
  gsize got = 0;

  g_assert_no_error (db_error);
  listen_fd = tls_listen (&port);
  {
    int client_fd = tls_try_connect (port);

    g_assert_cmpint (client_fd, >=, 0);
    tls_gio_server_start (&server, tls_accept (listen_fd));
    close (listen_fd);
    base = tls_socket_stream (client_fd);
  }
  tls = g_tls_client_connection_new (base, identity, error);
  g_assert_nonnull (tls);
  g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
  if (g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, error) &&
      g_input_stream_read_all (g_io_stream_get_input_stream (tls), line, 6, &got, NULL, error))
    {
      g_assert_cmpstr (line, ==, "hello\n");
      peer = g_object_ref (g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (tls)));
    }
  if (errors_out != NULL)
    *errors_out = g_tls_connection_get_peer_certificate_errors (G_TLS_CONNECTION (tls));
  g_io_stream_close (tls, NULL, NULL);
  tls_gio_server_clear (&server);
  g_assert_true (server.ok == (peer != NULL));
  return peer;
}

typedef struct {
  GosslPKey *ca_key, *mid_key, *leaf_key;
  GosslX509 *ca, *mid, *leaf;
  char      *ca_path;
} Chain;

static void
chain_init (Chain *chain)
{
  chain->ca_key = load_key ("ca2.key");
  chain->mid_key = load_key ("ca.key");
  chain->leaf_key = load_key ("client.key");
  chain->ca = make_cert ("gossl GIO root", chain->ca_key, NULL, chain->ca_key, "1", TRUE, NULL);
  chain->mid = make_cert ("gossl GIO intermediate", chain->mid_key, chain->ca, chain->ca_key,
                          "2", TRUE, NULL);
  chain->leaf = make_cert ("localhost", chain->leaf_key, chain->mid, chain->mid_key, "3", FALSE,
                           "DNS:localhost, IP:127.0.0.1");
  {
    g_autofree char *pem = cert_pem (chain->ca);

    chain->ca_path = write_temp_pem (pem);
  }
}

static void
chain_clear (Chain *chain)
{
  g_unlink (chain->ca_path);
  g_free (chain->ca_path);
  g_object_unref (chain->ca_key);
  g_object_unref (chain->mid_key);
  g_object_unref (chain->leaf_key);
  g_object_unref (chain->ca);
  g_object_unref (chain->mid);
  g_object_unref (chain->leaf);
}

/* A gossl-made CA, intermediate and server certificate, handed to GIO: its
 * server serves them and its client verifies them by name and by address. */
static void
test_tls_serve (void)
{
  g_autoptr(GError) error = NULL;
  Chain chain;
  g_autoptr(GTlsCertificate) served = NULL;
  g_autoptr(GTlsCertificate) peer = NULL;
  g_autoptr(GSocketConnectable) by_name = g_network_address_new ("localhost", 443);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketConnectable) by_address = G_SOCKET_CONNECTABLE (g_inet_socket_address_new (loopback, 443));
  g_autoptr(GosslX509) seen = NULL;
  g_autoptr(GPtrArray) seen_chain = NULL;
  g_autoptr(GByteArray) leaf_der = NULL;
  g_autoptr(GByteArray) seen_der = NULL;
  GTlsCertificateFlags flags = 0;

  chain_init (&chain);
  served = gossl_x509_to_tls_certificate (chain.leaf, chain.leaf_key, &chain.mid, 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_tls_certificate_get_issuer (served));

  peer = gio_handshake (served, chain.ca_path, by_name, &flags, &error);
  g_assert_no_error (error);
  g_assert_cmpint (flags, ==, 0);

  /* What GIO's client saw is what gossl made, issuer included. */
  seen = gossl_x509_new_from_tls_certificate (peer, &error);
  g_assert_no_error (error);
  leaf_der = gossl_x509_to_data (chain.leaf, GOSSL_FILETYPE_ASN1, &error);
  seen_der = gossl_x509_to_data (seen, GOSSL_FILETYPE_ASN1, &error);
  g_assert_cmpmem (leaf_der->data, leaf_der->len, seen_der->data, seen_der->len);
  seen_chain = gossl_x509_list_new_from_tls_certificate (peer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seen_chain->len, >=, 2);
  {
    g_autofree char *cn = gossl_x509_get_subject_common_name (seen_chain->pdata[1]);

    g_assert_cmpstr (cn, ==, "gossl GIO intermediate");
  }
  g_clear_object (&peer);

  peer = gio_handshake (served, chain.ca_path, by_address, &flags, &error);
  g_assert_no_error (error);
  g_assert_cmpint (flags, ==, 0);
  g_clear_object (&peer);

  chain_clear (&chain);
}

/* The same client refuses what it has no reason to trust: the check above
 * is a real one. */
static void
test_tls_serve_refused (void)
{
  g_autoptr(GError) error = NULL;
  Chain chain;
  g_autoptr(GTlsCertificate) served = NULL;
  g_autoptr(GSocketConnectable) wrong_name = g_network_address_new ("wrong.example", 443);
  g_autoptr(GSocketConnectable) by_name = g_network_address_new ("localhost", 443);
  g_autofree char *other_ca = gossl_test_file_path ("ca.pem");
  GTlsCertificateFlags flags = 0;

  chain_init (&chain);

  served = gossl_x509_to_tls_certificate (chain.leaf, chain.leaf_key, &chain.mid, 1, &error);
  g_assert_null (gio_handshake (served, chain.ca_path, wrong_name, &flags, &error));
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_true (flags & G_TLS_CERTIFICATE_BAD_IDENTITY);
  g_clear_error (&error);

  g_assert_null (gio_handshake (served, other_ca, by_name, &flags, &error));
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_true (flags & G_TLS_CERTIFICATE_UNKNOWN_CA);
  g_clear_error (&error);

  /* Without the intermediate the client cannot build the chain. */
  g_clear_object (&served);
  served = gossl_x509_to_tls_certificate (chain.leaf, chain.leaf_key, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_null (gio_handshake (served, chain.ca_path, by_name, &flags, &error));
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_true (flags & G_TLS_CERTIFICATE_UNKNOWN_CA);

  chain_clear (&chain);
}

/* A GTlsCertificate made by GIO from PEM files, read with gossl. */
static void
test_tls_inspect (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cert_path = gossl_test_file_path ("server.pem");
  g_autofree char *key_path = gossl_test_file_path ("server.key");
  g_autofree char *ca_path = gossl_test_file_path ("ca.pem");
  g_autoptr(GTlsCertificate) gio = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_autoptr(GosslX509) cert = NULL;
  g_autoptr(GosslPKey) key = NULL;
  g_autoptr(GosslPKey) file_key = load_key ("server.key");
  g_autoptr(GDateTime) before = NULL;
  g_autoptr(GDateTime) gio_before = NULL;
  g_autoptr(GPtrArray) dns = NULL;
  g_autoptr(GPtrArray) ips = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GByteArray) public1 = NULL;
  g_autoptr(GByteArray) public2 = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *gio_subject = NULL;
  g_autofree char *cn = NULL;
  g_autofree char *both = NULL;
  g_autoptr(GTlsCertificate) with_issuer = NULL;

  g_assert_no_error (error);
  cert = gossl_x509_new_from_tls_certificate (gio, &error);
  g_assert_no_error (error);
  cn = gossl_x509_get_subject_common_name (cert);
  g_assert_cmpstr (cn, ==, "localhost");
  subject = gossl_x509_get_subject_name (cert);
  gio_subject = g_tls_certificate_get_subject_name (gio);
  g_assert_cmpstr (subject, ==, gio_subject);
  before = gossl_x509_get_not_valid_before (cert);
  gio_before = g_tls_certificate_get_not_valid_before (gio);
  g_assert_true (g_date_time_equal (before, gio_before));
  dns = gossl_x509_get_dns_names (cert);
  g_assert_cmpuint (dns->len, ==, 1);
  g_assert_cmpmem (g_bytes_get_data (dns->pdata[0], NULL), g_bytes_get_size (dns->pdata[0]),
                   "localhost", 9);
  ips = gossl_x509_get_ip_addresses (cert);
  g_assert_cmpuint (ips->len, ==, 1);
  {
    g_autofree char *ip = g_inet_address_to_string (ips->pdata[0]);

    g_assert_cmpstr (ip, ==, "127.0.0.1");
  }

  /* Its private key is server.key. */
  key = gossl_pkey_new_from_tls_certificate (gio, &error);
  g_assert_no_error (error);
  g_assert_true (gossl_pkey_has_private (key));
  public1 = gossl_pkey_public_to_data (key, GOSSL_FILETYPE_ASN1, &error);
  public2 = gossl_pkey_public_to_data (file_key, GOSSL_FILETYPE_ASN1, &error);
  g_assert_cmpmem (public1->data, public1->len, public2->data, public2->len);
  g_assert_cmpint (X509_check_private_key (gossl_x509_get_native (cert), gossl_pkey_get_native (key)), ==, 1);

  /* A chain GIO built from one PEM file. */
  {
    g_autofree char *leaf_pem = NULL;
    g_autofree char *ca_pem = NULL;

    g_assert_true (g_file_get_contents (cert_path, &leaf_pem, NULL, NULL));
    g_assert_true (g_file_get_contents (ca_path, &ca_pem, NULL, NULL));
    both = g_strconcat (leaf_pem, ca_pem, NULL);
  }
  with_issuer = gio_cert (both);
  g_assert_nonnull (g_tls_certificate_get_issuer (with_issuer));
  chain = gossl_x509_list_new_from_tls_certificate (with_issuer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chain->len, ==, 2);
  {
    g_autofree char *leaf_cn = gossl_x509_get_subject_common_name (chain->pdata[0]);
    g_autofree char *ca_cn = gossl_x509_get_subject_common_name (chain->pdata[1]);

    g_assert_cmpstr (leaf_cn, ==, "localhost");
    g_assert_cmpstr (ca_cn, ==, "gossl test CA");
  }
}

static void
test_tls_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslX509) server = load_cert ("server.pem");
  g_autoptr(GosslX509) ca = load_cert ("ca.pem");
  g_autoptr(GosslX509) other_ca = load_cert ("ca2.pem");
  g_autoptr(GosslPKey) wrong_key = load_key ("client.key");
  g_autoptr(GosslPKey) public_only = gossl_x509_get_pubkey (server, &error);
  g_autoptr(GosslX509) unfinished = gossl_x509_new ();
  g_autoptr(GTlsCertificate) no_key = NULL;
  g_autofree char *pem = cert_pem (server);

  g_assert_null (gossl_x509_to_tls_certificate (server, wrong_key, NULL, 0, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gossl_x509_to_tls_certificate (server, public_only, NULL, 0, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gossl_x509_to_tls_certificate (server, NULL, &other_ca, 1, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gossl_x509_to_tls_certificate (unfinished, NULL, NULL, 0, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);
  {
    g_autoptr(GTlsCertificate) ok = gossl_x509_to_tls_certificate (server, NULL, &ca, 1, &error);

    g_assert_no_error (error);
    g_assert_nonnull (g_tls_certificate_get_issuer (ok));
  }

  no_key = gio_cert (pem);
  g_assert_null (gossl_pkey_new_from_tls_certificate (no_key, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gossl_pkey_new_from_tls_certificate (NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gossl_x509_new_from_tls_certificate (NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gossl_x509_list_new_from_tls_certificate (NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

/* Without glib-networking GIO has only its dummy backend: a clear
 * G_TLS_ERROR_UNAVAILABLE, no critical. Run in a child whose GIO loads no
 * modules. */
static void
test_tls_no_backend (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GosslX509) server = NULL;

      /* Before anything in this child loads GIO's modules. */
      g_setenv ("GIO_MODULE_DIR", "/nonexistent", TRUE);
      g_unsetenv ("GIO_EXTRA_MODULES");
      server = load_cert ("server.pem");
      g_assert_false (g_tls_backend_supports_tls (g_tls_backend_get_default ()));
      g_assert_null (gossl_x509_to_tls_certificate (server, NULL, NULL, 0, &error));
      g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_UNAVAILABLE);
      g_print ("%s\n", error->message);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*glib-networking*");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/x509-gio/bytes/x509", test_bytes_x509);
  g_test_add_func ("/x509-gio/bytes/req", test_bytes_req);
  g_test_add_func ("/x509-gio/bytes/pkey", test_bytes_pkey);
  g_test_add_func ("/x509-gio/bytes/pkcs", test_bytes_pkcs);
  g_test_add_func ("/x509-gio/dates/read", test_dates_read);
  g_test_add_func ("/x509-gio/dates/write", test_dates_write);
  g_test_add_func ("/x509-gio/dates/year-zero", test_dates_year_zero);
  g_test_add_func ("/x509-gio/names/match-gio", test_names_match_gio);
  g_test_add_func ("/x509-gio/alt-names/match-gio", test_alt_names);
  g_test_add_func ("/x509-gio/alt-names/nul", test_alt_names_nul);
  g_test_add_func ("/x509-gio/properties/serial-and-encoding", test_serial_and_encoding);
  g_test_add_func ("/x509-gio/properties/notify", test_notify);
  g_test_add_func ("/x509-gio/common-name", test_common_name);
  tls_test_add ("/x509-gio/tls/serve", test_tls_serve);
  tls_test_add ("/x509-gio/tls/serve-refused", test_tls_serve_refused);
  g_test_add_func ("/x509-gio/tls/inspect", test_tls_inspect);
  g_test_add_func ("/x509-gio/tls/errors", test_tls_errors);
  g_test_add_func ("/x509-gio/tls/no-backend", test_tls_no_backend);
  {
    int status = g_test_run ();

    tls_stop_pool_threads ();
    return status;
  }
}
