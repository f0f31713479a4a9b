/* make-cert: make a certificate authority and a server certificate it signs
 * with gossl, check the server certificate against the CA, and print both.
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

  if (!gossl_x509_set_version (cert, 2, error) ||
      !gossl_x509_set_serial_number (cert, serial_hex, error) ||
      !gossl_x509_name_set_entry (subject, "C", "SE", error) ||
      !gossl_x509_name_set_entry (subject, "O", "gossl example", error) ||
      !gossl_x509_name_set_entry (subject, "CN", common_name, error) ||
      !gossl_x509_gmtime_adj_not_before (cert, 0, error) ||
      !gossl_x509_gmtime_adj_not_after (cert, 365 * 24 * 60 * 60, error))
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
  g_autoptr(GosslX509Name) subject = gossl_x509_get_subject (cert);
  g_autoptr(GosslX509Name) issuer = gossl_x509_get_issuer (cert);
  g_autofree char *subject_text = gossl_x509_name_to_string (subject);
  g_autofree char *issuer_text = gossl_x509_name_to_string (issuer);
  g_autofree char *serial = gossl_x509_get_serial_number (cert);
  g_autofree char *not_before = gossl_x509_get_not_before (cert);
  g_autofree char *not_after = gossl_x509_get_not_after (cert);
  g_autofree char *fingerprint = NULL;
  g_autoptr(GByteArray) pem = NULL;

  fingerprint = gossl_x509_digest (cert, "sha256", error);
  if (fingerprint == NULL)
    return FALSE;
  pem = gossl_x509_to_data (cert, GOSSL_FILETYPE_PEM, error);
  if (pem == NULL)
    return FALSE;

  g_print ("%s:\n", label);
  g_print ("  subject: %s\n", subject_text);
  g_print ("  issuer:  %s\n", issuer_text);
  g_print ("  serial:  0x%s\n", serial);
  g_print ("  valid:   %s .. %s\n", not_before, not_after);
  g_print ("  sha256:  %s\n", fingerprint);
  g_print ("%.*s", (int) pem->len, (const char *) pem->data);
  return TRUE;
}

static gboolean
write_pem (const char *dir,
           const char *name,
           GByteArray *pem,
           GError    **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_set_contents (path, (const char *) pem->data, pem->len, error);
}

static gboolean
write_files (const char *dir,
             GosslX509  *ca_cert,
             GosslPKey  *ca_key,
             GosslX509  *server_cert,
             GosslPKey  *server_key,
             GError    **error)
{
  g_autoptr(GByteArray) ca_pem = NULL, ca_key_pem = NULL;
  g_autoptr(GByteArray) server_pem = NULL, server_key_pem = NULL;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "cannot make %s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  if (!(ca_pem = gossl_x509_to_data (ca_cert, GOSSL_FILETYPE_PEM, error)) ||
      !(ca_key_pem = gossl_pkey_to_data (ca_key, GOSSL_FILETYPE_PEM, NULL, NULL, 0, error)) ||
      !(server_pem = gossl_x509_to_data (server_cert, GOSSL_FILETYPE_PEM, error)) ||
      !(server_key_pem = gossl_pkey_to_data (server_key, GOSSL_FILETYPE_PEM, NULL, NULL, 0, error)))
    return FALSE;
  return write_pem (dir, "ca.pem", ca_pem, error) &&
         write_pem (dir, "ca.key", ca_key_pem, error) &&
         write_pem (dir, "server.pem", server_pem, error) &&
         write_pem (dir, "server.key", server_key_pem, error);
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
