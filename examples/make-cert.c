/* make-cert: make a certificate authority and a server certificate it signs
 * with gossl, check the server certificate against the CA, print both, and
 * hand the server certificate to GIO's TLS stack.
 *
 * Usage: make-cert [OUTPUT_DIR]
 *
 * With OUTPUT_DIR, ca.pem, ca.key, server.pem and server.key are written
 * there (the keys unencrypted: this is an example).
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <gossl/gossl.h>

typedef struct
{
  const char *type_name;
  gboolean critical;
  const char *value;
} Extension;

static GosslX509 *
make_cert (const char      *common_name,
           const char      *serial_hex,
           GosslPKey       *key,
           GosslX509       *issuer_cert,
           GosslPKey       *issuer_key,
           const Extension *extensions,
           GError         **error)
{
  g_autoptr(GosslX509) cert = gossl_x509_new ();
  g_autoptr(GosslX509Name) subject = gossl_x509_get_subject (cert);
  g_autoptr(GosslX509Name) issuer = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) in_a_year = g_date_time_add_years (now, 1);

  if (!gossl_x509_set_version (cert, 2, error) ||
      !gossl_x509_set_serial_number (cert, serial_hex, error) ||
      !gossl_x509_name_set_entry (subject, "C", "SE", error) ||
      !gossl_x509_name_set_entry (subject, "O", "gossl example", error) ||
      !gossl_x509_name_set_entry (subject, "CN", common_name, error) ||
      !gossl_x509_set_not_valid_before (cert, now, error) ||
      !gossl_x509_set_not_valid_after (cert, in_a_year, error))
    return NULL;

  /* A self-signed CA is its own issuer: its subject view serves both. */
  issuer = issuer_cert ? gossl_x509_get_subject (issuer_cert) : g_object_ref (subject);
  if (!gossl_x509_set_issuer (cert, issuer, error) ||
      !gossl_x509_set_pubkey (cert, key, error))
    return NULL;

  for (const Extension *e = extensions; e->type_name != NULL; e++)
    {
      g_autoptr(GosslX509Extension) ext =
        gossl_x509_extension_new (e->type_name, e->critical, e->value,
                                  cert, issuer_cert ? issuer_cert : cert, error);
      if (ext == NULL || !gossl_x509_add_extension (cert, ext, error))
        return NULL;
    }

  if (!gossl_x509_sign (cert, issuer_key ? issuer_key : key, "sha256", error))
    return NULL;
  return g_steal_pointer (&cert);
}

static gboolean
describe (const char *label,
          GosslX509  *cert,
          GError    **error)
{
  g_autofree char *subject = gossl_x509_get_subject_name (cert);
  g_autofree char *issuer = gossl_x509_get_issuer_name (cert);
  g_autofree char *serial = gossl_x509_get_serial_number (cert);
  g_autoptr(GDateTime) not_before = gossl_x509_get_not_valid_before (cert);
  g_autoptr(GDateTime) not_after = gossl_x509_get_not_valid_after (cert);
  g_autofree char *from = g_date_time_format_iso8601 (not_before);
  g_autofree char *until = g_date_time_format_iso8601 (not_after);
  g_autofree char *fingerprint = NULL;
  g_autoptr(GBytes) pem = NULL;
  gsize len;
  const char *text;

  fingerprint = gossl_x509_digest (cert, "sha256", error);
  if (fingerprint == NULL)
    return FALSE;
  pem = gossl_x509_to_bytes (cert, GOSSL_FILETYPE_PEM, error);
  if (pem == NULL)
    return FALSE;
  text = g_bytes_get_data (pem, &len);

  g_print ("%s:\n", label);
  g_print ("  subject: %s\n", subject);
  g_print ("  issuer:  %s\n", issuer);
  g_print ("  serial:  0x%s\n", serial);
  g_print ("  valid:   %s .. %s\n", from, until);
  g_print ("  sha256:  %s\n", fingerprint);
  g_print ("%.*s", (int) len, text);
  return TRUE;
}

static gboolean
write_pem (const char *dir,
           const char *name,
           GBytes     *pem,
           int         mode,
           GError    **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  gsize len;
  const char *data = g_bytes_get_data (pem, &len);

  return g_file_set_contents_full (path, data, len, G_FILE_SET_CONTENTS_CONSISTENT,
                                   mode, error);
}

static gboolean
write_files (const char *dir,
             GosslX509  *ca_cert,
             GosslPKey  *ca_key,
             GosslX509  *server_cert,
             GosslPKey  *server_key,
             GError    **error)
{
  g_autoptr(GBytes) ca_pem = NULL, ca_key_pem = NULL;
  g_autoptr(GBytes) server_pem = NULL, server_key_pem = NULL;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "cannot make %s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  if (!(ca_pem = gossl_x509_to_bytes (ca_cert, GOSSL_FILETYPE_PEM, error)) ||
      !(ca_key_pem = gossl_pkey_to_bytes (ca_key, GOSSL_FILETYPE_PEM, NULL, NULL, error)) ||
      !(server_pem = gossl_x509_to_bytes (server_cert, GOSSL_FILETYPE_PEM, error)) ||
      !(server_key_pem = gossl_pkey_to_bytes (server_key, GOSSL_FILETYPE_PEM, NULL, NULL, error)))
    return FALSE;
  /* The keys are not encrypted: only their owner may read them. */
  return write_pem (dir, "ca.pem", ca_pem, 0644, error) &&
         write_pem (dir, "ca.key", ca_key_pem, 0600, error) &&
         write_pem (dir, "server.pem", server_pem, 0644, error) &&
         write_pem (dir, "server.key", server_key_pem, 0600, error);
}

/* GIO's TLS stack takes what gossl made: the server certificate with its
 * key and chain is a GTlsCertificate a GTlsServerConnection (a
 * GSocketService, libsoup) can serve, and GIO's own verification accepts
 * it. GIO has no TLS backend without glib-networking. */
static gboolean
hand_to_gio (GosslX509  *ca_cert,
             GosslX509  *server_cert,
             GosslPKey  *server_key,
             GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GTlsCertificate) server = NULL;
  g_autoptr(GTlsCertificate) ca = NULL;
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autofree char *verdict = NULL;
  GTlsCertificateFlags flags;

  server = gossl_x509_to_tls_certificate (server_cert, server_key, &ca_cert, 1, &local_error);
  if (server == NULL && g_error_matches (local_error, G_TLS_ERROR, G_TLS_ERROR_UNAVAILABLE))
    {
      g_print ("GIO: %s\n", local_error->message);
      return TRUE;
    }
  if (server == NULL ||
      !(ca = gossl_x509_to_tls_certificate (ca_cert, NULL, NULL, 0, &local_error)))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  identity = g_network_address_new ("localhost", 443);
  flags = g_tls_certificate_verify (server, identity, ca);
  verdict = g_flags_to_string (G_TYPE_TLS_CERTIFICATE_FLAGS, flags);
  g_print ("GIO verifies the server certificate for localhost against the CA: %s\n", verdict);
  return TRUE;
}

int
main (int argc, char **argv)
{
  static const Extension ca_extensions[] = {
    { "basicConstraints", TRUE, "CA:TRUE" },
    { "keyUsage", TRUE, "keyCertSign, cRLSign" },
    { "subjectKeyIdentifier", FALSE, "hash" },
    { NULL },
  };
  static const Extension server_extensions[] = {
    { "basicConstraints", TRUE, "CA:FALSE" },
    { "keyUsage", TRUE, "digitalSignature, keyEncipherment" },
    { "extendedKeyUsage", FALSE, "serverAuth" },
    { "subjectAltName", FALSE, "DNS:localhost, IP:127.0.0.1" },
    { "authorityKeyIdentifier", FALSE, "keyid" },
    { NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslPKey) ca_key = gossl_pkey_new ();
  g_autoptr(GosslPKey) server_key = gossl_pkey_new ();
  g_autoptr(GosslX509) ca_cert = NULL;
  g_autoptr(GosslX509) server_cert = NULL;
  g_autoptr(GosslX509Store) store = gossl_x509_store_new ();

  if (argc > 2)
    {
      g_printerr ("Usage: %s [OUTPUT_DIR]\n", argv[0]);
      return 2;
    }

  if (!gossl_pkey_generate_key (ca_key, GOSSL_KEY_TYPE_RSA, 2048, &error) ||
      !gossl_pkey_generate_key (server_key, GOSSL_KEY_TYPE_RSA, 2048, &error))
    goto failed;
  ca_cert = make_cert ("gossl example CA", "01", ca_key, NULL, NULL, ca_extensions, &error);
  if (ca_cert == NULL)
    goto failed;
  server_cert = make_cert ("localhost", "02", server_key, ca_cert, ca_key,
                           server_extensions, &error);
  if (server_cert == NULL)
    goto failed;

  if (!describe ("CA certificate", ca_cert, &error) ||
      !describe ("server certificate", server_cert, &error))
    goto failed;

  /* The store trusts the CA alone; the server certificate must chain to it. */
  if (!gossl_x509_store_add_cert (store, ca_cert, &error) ||
      !gossl_x509_store_verify_certificate (store, server_cert, &error))
    goto failed;
  g_print ("server certificate verified against the CA\n");
  if (!hand_to_gio (ca_cert, server_cert, server_key, &error))
    goto failed;

  if (argc == 2)
    {
      if (!write_files (argv[1], ca_cert, ca_key, server_cert, server_key, &error))
        goto failed;
      g_print ("wrote ca.pem, ca.key, server.pem, server.key to %s\n", argv[1]);
    }
  return 0;

failed:
  g_printerr ("make-cert: %s\n", error->message);
  return 1;
}
